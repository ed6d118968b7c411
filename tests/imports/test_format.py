"""The file format every import shares (DATA-FORMATS.md), shown with payers."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Payer
from imports.registry import importers
from tests.factories import PayerFactory

from .helpers import counts, import_csv, import_fails

pytestmark = pytest.mark.django_db

PAYERS = ["betalarid;name", "10001;Umeå kommun", "20001;Region Västerbotten"]


def test_it_imports_and_prints_the_counts(csv_file):
    path = csv_file(PAYERS)

    out = import_csv("payers", path)

    assert out == f"{path}: 2 skapade, 0 ändrade, 0 oförändrade\n"
    assert dict(Payer.objects.values_list("betalarid", "name")) == {
        "10001": "Umeå kommun",
        "20001": "Region Västerbotten",
    }


def test_a_second_import_of_the_same_file_changes_nothing(csv_file):
    path = csv_file(PAYERS)
    import_csv("payers", path)
    before = counts()

    out = import_csv("payers", path)

    assert out.endswith(": 0 skapade, 0 ändrade, 2 oförändrade\n")
    assert counts() == before


def test_it_updates_by_key(csv_file):
    PayerFactory(betalarid="10001", name="Umeå kn")

    out = import_csv("payers", csv_file(PAYERS))

    assert out.endswith(": 1 skapade, 1 ändrade, 0 oförändrade\n")
    assert Payer.objects.get(betalarid="10001").name == "Umeå kommun"


def test_the_audit_trail_names_the_imported_file(csv_file):
    path = csv_file(PAYERS)

    import_csv("payers", path)

    event = Payer.pgh_event_model.objects.filter(pgh_label="insert").first()
    assert event.pgh_context.metadata == {"import_kind": "payers", "import_file": path}


def test_dry_run_reports_the_counts_and_changes_nothing(csv_file):
    PayerFactory(betalarid="10001", name="Umeå kn")
    before = counts()

    out = import_csv("payers", csv_file(PAYERS), "--dry-run")

    assert "endast kontroll, inget sparat: 1 skapade, 1 ändrade" in out
    assert counts() == before
    assert Payer.objects.get(betalarid="10001").name == "Umeå kn"


def test_dry_run_of_a_bad_file_reports_its_errors(csv_file):
    path = csv_file(["betalarid;name", "1234;Umeå kommun"])

    errors = import_fails("payers", path, "--dry-run")

    assert errors == [f"{path}:2: betalarid: Ange en kod med exakt 5 siffror."]


def test_columns_may_come_in_any_order_with_a_bom_and_windows_line_ends(csv_file):
    path = csv_file("\ufeffname;betalarid\r\nUmeå kommun;10001\r\n".encode())

    import_csv("payers", path)

    assert Payer.objects.get().name == "Umeå kommun"


def test_cells_are_trimmed_and_blank_lines_skipped(csv_file):
    import_csv("payers", csv_file(["betalarid;name", "", " 10001 ; Umeå kommun ", ""]))

    assert Payer.objects.get().name == "Umeå kommun"


def test_quoted_cells_may_hold_semicolons(csv_file):
    import_csv("payers", csv_file(["betalarid;name", '10001;"Umeå; äldreomsorg"']))

    assert Payer.objects.get().name == "Umeå; äldreomsorg"


def test_every_bad_row_is_reported_and_no_row_is_stored(csv_file):
    path = csv_file(
        [
            "betalarid;name",
            "10001;Umeå kommun",
            "123456;För lång",
            "10002;",
            "ABCDE;Bokstäver",
        ]
    )

    errors = import_fails("payers", path)

    assert errors == [
        f"{path}:3: betalarid: Ange en kod med exakt 5 siffror. "
        "Säkerställ att detta värde har som mest 5 tecken (den har 6).",
        f"{path}:4: name: Detta fält får inte vara tomt.",
        f"{path}:5: betalarid: Ange en kod med exakt 5 siffror.",
    ]


def test_a_duplicate_key_is_an_error(csv_file):
    path = csv_file(["betalarid;name", "10001;Umeå", "10001;Umeå kommun"])

    assert import_fails("payers", path) == [
        f"{path}:3: betalarid: 10001 finns redan på rad 2"
    ]


def test_a_comma_separated_file_is_refused(csv_file):
    path = csv_file(["betalarid,name", "10001,Umeå kommun"])

    assert import_fails("payers", path) == [
        f"{path}:1: kolumnerna ska skiljas åt med semikolon (;)"
    ]


def test_a_missing_column_is_an_error(csv_file):
    path = csv_file(["betalarid", "10001"])

    assert import_fails("payers", path) == [f"{path}:1: name: kolumnen saknas"]


def test_an_unknown_column_is_an_error(csv_file):
    path = csv_file(["betalarid;name;city", "10001;Umeå kommun;Umeå"])

    assert import_fails("payers", path) == [f"{path}:1: city: okänd kolumn"]


def test_a_column_without_a_name_is_an_error(csv_file):
    path = csv_file(["betalarid;name;", "10001;Umeå;"])

    assert import_fails("payers", path) == [f"{path}:1: kolumn 3 saknar rubrik"]


def test_a_column_twice_is_an_error(csv_file):
    path = csv_file(["betalarid;name;name", "10001;Umeå;Umeå"])

    assert import_fails("payers", path) == [f"{path}:1: name: kolumnen står två gånger"]


def test_a_row_with_too_many_cells_is_an_error(csv_file):
    path = csv_file(["betalarid;name", "10001;Umeå;kommun"])

    assert import_fails("payers", path) == [f"{path}:2: raden har 3 fält, rubriken 2"]


def test_a_file_that_is_not_utf8_is_refused_at_its_line(csv_file):
    path = csv_file("betalarid;name\n10001;Umeå kommun\n".encode("latin-1"))

    assert import_fails("payers", path) == [f"{path}:2: filen är inte sparad som UTF-8"]


def test_an_empty_file_is_refused(csv_file):
    path = csv_file(b"")

    assert import_fails("payers", path) == [f"{path}:1: filen är tom"]


def test_a_file_with_only_the_header_is_refused(csv_file):
    path = csv_file(["betalarid;name"])

    assert import_fails("payers", path) == [
        f"{path}:1: filen har inga rader efter rubriken"
    ]


def test_badly_quoted_csv_is_refused(csv_file):
    path = csv_file(["betalarid;name", '10001;"Umeå"kommun'])

    errors = import_fails("payers", path)

    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:2: ")


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="finns.csv"):
        call_command("import_csv", "payers", str(tmp_path / "finns.csv"))


def test_an_unknown_kind_is_an_error(csv_file):
    with pytest.raises(CommandError, match="invalid choice: 'betalare'"):
        call_command("import_csv", "betalare", csv_file(PAYERS))


def test_a_bad_file_exits_non_zero(csv_file):
    with pytest.raises(CommandError) as error:
        call_command("import_csv", "payers", csv_file(["betalarid;name", "1;Umeå"]))

    assert error.value.returncode == 1


def header_of(kind):
    return list(importers()[kind].columns)


BAD_FILES = {
    "comma": (
        lambda columns: ",".join(columns).encode(),
        "1: kolumnerna ska skiljas åt med semikolon (;)",
    ),
    "missing column": (
        lambda columns: ";".join(columns[1:]).encode(),
        "1: {first}: kolumnen saknas",
    ),
    "unknown column": (
        lambda columns: ";".join([*columns, "extra"]).encode(),
        "1: extra: okänd kolumn",
    ),
    "latin-1": (
        lambda columns: (";".join(columns) + "\n" + "å;" * len(columns)).encode(
            "latin-1"
        ),
        "2: filen är inte sparad som UTF-8",
    ),
    "empty": (lambda columns: b"", "1: filen är tom"),
    "header only": (
        lambda columns: (";".join(columns) + "\n").encode(),
        "1: filen har inga rader efter rubriken",
    ),
}


@pytest.mark.parametrize("bad", BAD_FILES)
@pytest.mark.parametrize(
    "kind", ["customers", "iso", "suppliers", "articles", "stock", "persons", "users"]
)
def test_every_kind_refuses_a_bad_file(csv_file, kind, bad):
    columns = header_of(kind)
    content, message = BAD_FILES[bad]
    path = csv_file(content(columns))

    assert import_fails(kind, path) == [f"{path}:" + message.format(first=columns[0])]
