"""Reading a PDF back in tests."""

import shutil
import subprocess


def pdf_text(data):
    """The text of a PDF: WeasyPrint compresses its streams, so the bytes
    themselves hold no readable words."""
    program = shutil.which("pdftotext")
    assert program, "pdftotext (Debian poppler-utils) is needed"
    return subprocess.run(  # noqa: S603 (our own fixed arguments)
        [program, "-layout", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()


def served(response):
    """The bytes of a file a view served (a FileResponse streams them)."""
    return b"".join(response.streaming_content)
