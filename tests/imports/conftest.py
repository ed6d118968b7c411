import pytest


@pytest.fixture
def csv_file(tmp_path):
    """Write `lines` (or raw bytes) to a file and return its path as a string."""

    def write(lines, name="import.csv"):
        path = tmp_path / name
        if isinstance(lines, bytes):
            path.write_bytes(lines)
        else:
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return str(path)

    return write
