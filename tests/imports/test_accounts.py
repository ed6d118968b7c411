"""Imports of payers, customers and users."""

import pytest

from accounts.choices import CustomerKind
from accounts.models import Customer, Payer, User
from tests.factories import CustomerFactory, PayerFactory, UserFactory

from .helpers import counts, import_csv, import_fails

pytestmark = pytest.mark.django_db

CUSTOMER_HEADER = "kundid;name;default_payer;street;postal_code;city;phone;kind"
USER_HEADER = "username;first_name;last_name;email;customers;initial_password"
PASSWORD = "rollator-och-kaffe-på-tisdag"


@pytest.fixture
def payer(db):
    return PayerFactory(betalarid="10001")


def test_it_imports_customers_with_their_payer(csv_file, payer):
    path = csv_file(
        [
            CUSTOMER_HEADER,
            "41001;Hemtjänst Ersboda;10001;Ersbodavägen 12;906 20;Umeå;090-16 10 00;kommun",
            "60101;NUS Arbetsterapi;10001;;;;;region",
        ]
    )

    out = import_csv("customers", path)

    assert out.endswith(": 2 skapade, 0 ändrade, 0 oförändrade\n")
    ersboda, nus = Customer.objects.order_by("kundid")
    assert (ersboda.name, ersboda.street, ersboda.city) == (
        "Hemtjänst Ersboda",
        "Ersbodavägen 12",
        "Umeå",
    )
    assert ersboda.default_payer == payer
    assert ersboda.kind == CustomerKind.MUNICIPALITY
    assert (nus.street, nus.phone, nus.kind) == ("", "", CustomerKind.REGION)
    assert import_csv("customers", path).endswith(
        ": 0 skapade, 0 ändrade, 2 oförändrade\n"
    )


def test_it_changes_a_customers_payer(csv_file, payer):
    CustomerFactory(
        kundid="41001",
        name="Hemtjänst Ersboda",
        street="",
        postal_code="",
        city="",
        phone="",
    )

    out = import_csv(
        "customers",
        csv_file([CUSTOMER_HEADER, "41001;Hemtjänst Ersboda;10001;;;;;kommun"]),
    )

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert Customer.objects.get().default_payer == payer


def test_the_customer_kind_is_read_by_label_in_any_case(csv_file, payer):
    path = csv_file(
        [
            CUSTOMER_HEADER,
            "41001;Hemtjänst Ersboda;10001;;;;;Kommun",
            "60101;NUS Arbetsterapi;10001;;;;;REGION",
        ]
    )

    import_csv("customers", path)

    assert dict(Customer.objects.values_list("kundid", "kind")) == {
        "41001": CustomerKind.MUNICIPALITY,
        "60101": CustomerKind.REGION,
    }


def test_bad_customers_are_reported(csv_file, payer):
    path = csv_file(
        [
            CUSTOMER_HEADER,
            "4100;Hemtjänst;10001;;;;;kommun",
            "41002;Hemtjänst;99999;;;;;kommun",
            "41003;Hemtjänst;;;;;;landsting",
            "41004;Hemtjänst;1000;;;;;kommun",
        ]
    )

    assert import_fails("customers", path) == [
        f"{path}:2: kundid: Ange en kod med exakt 5 siffror.",
        f"{path}:3: default_payer: okänd betalare 99999",
        f"{path}:4: default_payer: värde saknas",
        f"{path}:4: kind: landsting är inte tillåtet (Kommun, Region)",
        f"{path}:5: default_payer: okänd betalare 1000",
    ]


def test_duplicate_customers_are_an_error(csv_file, payer):
    path = csv_file(
        [
            CUSTOMER_HEADER,
            "41001;Hemtjänst;10001;;;;;kommun",
            "41001;Hemtjänst;10001;;;;;kommun",
        ]
    )

    assert import_fails("customers", path) == [
        f"{path}:3: kundid: 41001 finns redan på rad 2"
    ]


@pytest.fixture
def customers(payer):
    return [
        CustomerFactory(kundid="41001", default_payer=payer),
        CustomerFactory(kundid="41002", default_payer=payer),
    ]


def test_a_new_user_without_password_gets_an_activation_mail(
    csv_file, customers, mailoutbox, django_capture_on_commit_callbacks
):
    path = csv_file([USER_HEADER, "anna.lind;Anna;Lind;anna.lind@umea.se;41001|41002;"])

    with django_capture_on_commit_callbacks(execute=True):
        out = import_csv("users", path)

    assert out.endswith(": 1 skapade, 0 ändrade, 0 oförändrade\n")
    user = User.objects.get(username="anna.lind")
    assert (user.first_name, user.last_name, user.email) == (
        "Anna",
        "Lind",
        "anna.lind@umea.se",
    )
    assert list(user.customers.order_by("kundid")) == customers
    assert not user.has_usable_password()
    assert [mail.to for mail in mailoutbox] == [["anna.lind@umea.se"]]


def test_a_new_user_with_an_initial_password_must_change_it(
    csv_file, customers, mailoutbox, django_capture_on_commit_callbacks
):
    path = csv_file(
        [USER_HEADER, f"anna.lind;Anna;Lind;anna.lind@umea.se;41001;{PASSWORD}"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        import_csv("users", path)

    user = User.objects.get(username="anna.lind")
    assert user.check_password(PASSWORD)
    assert user.must_change_password
    assert mailoutbox == []


def test_a_dry_run_creates_no_user_and_sends_no_mail(
    csv_file, customers, mailoutbox, django_capture_on_commit_callbacks
):
    path = csv_file([USER_HEADER, "anna.lind;Anna;Lind;anna.lind@umea.se;41001;"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        out = import_csv("users", path, "--dry-run")

    assert out.endswith(": 1 skapade, 0 ändrade, 0 oförändrade\n")
    assert not User.objects.exists()
    assert callbacks == []
    assert mailoutbox == []


def test_an_existing_user_gets_exactly_the_listed_customers_and_keeps_the_password(
    csv_file, customers
):
    user = UserFactory(username="anna.lind", customers=[customers[0]])
    password = user.password
    other = CustomerFactory(kundid="52001")
    path = csv_file(
        [USER_HEADER, f"anna.lind;Anna;Lind;anna.lind@umea.se;41002|52001;{PASSWORD}"]
    )

    out = import_csv("users", path)

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    user.refresh_from_db()
    assert set(user.customers.all()) == {customers[1], other}
    assert (user.last_name, user.email) == ("Lind", "anna.lind@umea.se")
    assert user.password == password
    assert not user.must_change_password
    assert import_csv("users", path).endswith(": 0 skapade, 0 ändrade, 1 oförändrade\n")


def test_only_a_changed_customer_list_counts_as_a_change(csv_file, customers):
    UserFactory(
        username="anna.lind",
        first_name="Anna",
        last_name="Lind",
        email="anna.lind@umea.se",
        customers=[customers[0]],
    )
    path = csv_file([USER_HEADER, "anna.lind;Anna;Lind;anna.lind@umea.se;;"])

    out = import_csv("users", path)

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert not User.objects.get().customers.exists()


def test_bad_users_are_reported(csv_file, customers):
    path = csv_file(
        [
            USER_HEADER,
            "anna.lind;Anna;Lind;anna.lind@umea.se;41001|99999;",
            "per oberg;Per;Öberg;per@umea.se;41001;",
            "maria;Maria;Åström;inte-en-adress;41001;",
            "karin;Karin;Ek;karin@umea.se;41001;kort",
            "olle;Olle;Berg;olle@umea.se;4100;",
            "anna.lind;Anna;Lind;anna@umea.se;41001;",
        ]
    )
    before = counts()

    errors = import_fails("users", path)

    assert errors[0] == f"{path}:2: customers: okänd kund 99999"
    assert errors[1].startswith(f"{path}:3: username: Fyll i ett giltigt användarnamn.")
    assert errors[2] == f"{path}:4: email: Fyll i en giltig e-postadress."
    assert errors[3] == (
        f"{path}:5: initial_password: Det här lösenordet är för kort. "
        "Det måste innehålla minst 15 tecken. Lösenordet är för lätt att gissa. "
        "Välj en lösenfras av flera ord som inte hör ihop."
    )
    assert errors[4:] == [
        f"{path}:6: customers: okänd kund 4100",
        f"{path}:7: username: anna.lind finns redan på rad 2",
    ]
    assert counts() == before


PAYER_HEADER = "betalarid;name;org_number;peppol_id"


def test_payers_import_as_before_without_the_e_invoice_columns(csv_file):
    PayerFactory(betalarid="10001", name="Umeå", org_number="2120002627")

    out = import_csv(
        "payers", csv_file(["betalarid;name", "10001;Umeå kommun", "10002;Vindeln"])
    )

    assert out.endswith(": 1 skapade, 1 ändrade, 0 oförändrade\n")
    assert list(Payer.objects.values_list("betalarid", "org_number", "peppol_id")) == [
        # Left out of the file, the organisation number stays as it was.
        ("10001", "2120002627", ""),
        ("10002", "", ""),
    ]


def test_payers_import_organisation_number_and_peppol_id(csv_file):
    path = csv_file(
        [
            PAYER_HEADER,
            "10001;Umeå kommun;212000-2627;0007:2120002627",
            "10002;Region Västerbotten;2321000222;",
            "10003;Vindelns kommun;;0088:7300010000001",
        ]
    )

    out = import_csv("payers", path)

    assert out.endswith(": 3 skapade, 0 ändrade, 0 oförändrade\n")
    assert list(Payer.objects.values_list("betalarid", "org_number", "peppol_id")) == [
        ("10001", "2120002627", "0007:2120002627"),
        ("10002", "2321000222", ""),
        ("10003", "", "0088:7300010000001"),
    ]
    assert import_csv("payers", path).endswith(
        ": 0 skapade, 0 ändrade, 3 oförändrade\n"
    )


def test_an_empty_cell_clears_the_organisation_number(csv_file):
    PayerFactory(betalarid="10001", name="Umeå kommun", org_number="2120002627")

    out = import_csv("payers", csv_file([PAYER_HEADER, "10001;Umeå kommun;;"]))

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert Payer.objects.get().org_number == ""


def test_payer_e_invoice_columns_are_named_exactly(csv_file):
    path = csv_file(["betalarid;name;Org_Number;PEPPOL_ID", "10001;Umeå;;"])

    assert import_fails("payers", path) == [
        f"{path}:1: Org_Number: okänd kolumn",
        f"{path}:1: PEPPOL_ID: okänd kolumn",
    ]


def test_bad_organisation_numbers_and_peppol_ids_are_reported(csv_file):
    PayerFactory(betalarid="10001", name="Umeå kommun")
    path = csv_file(
        [
            PAYER_HEADER,
            "10001;Umeå kommun;2120002628;",
            "10002;Vindeln;21200026;",
            "10003;Robertsfors;;2120002627",
            "10004;Lycksele;;0007:2120002628",
            "10005;Skellefteå;;07:2120002627",
            "10006;Nordmaling;;0007:212000 2627",
            "10007;Bjurholm;2120002627;0007:2120002627",
        ]
    )

    assert import_fails("payers", path) == [
        f"{path}:2: org_number: Organisationsnumret är felaktigt: kontrollsiffran "
        "stämmer inte.",
        f"{path}:3: org_number: Ange organisationsnumret med 10 siffror, till "
        "exempel 5560360793.",
        f"{path}:4: peppol_id: Ange Peppol-id som schema och identitet, till "
        "exempel 0007:2120000001.",
        f"{path}:5: peppol_id: Organisationsnumret är felaktigt: kontrollsiffran "
        "stämmer inte.",
        f"{path}:6: peppol_id: Ange Peppol-id som schema och identitet, till "
        "exempel 0007:2120000001.",
        f"{path}:7: peppol_id: Ange Peppol-id som schema och identitet, till "
        "exempel 0007:2120000001.",
    ]
    assert Payer.objects.get().org_number == ""


USER_PAYERS_HEADER = USER_HEADER + ";payers"


@pytest.fixture
def payers(payer):
    return [payer, PayerFactory(betalarid="10002")]


def test_a_new_user_gets_the_listed_payers(csv_file, customers, payers):
    path = csv_file(
        [
            USER_PAYERS_HEADER,
            "anna.lind;Anna;Lind;anna.lind@umea.se;41001;;10001|10002",
            "per.berg;Per;Berg;per.berg@umea.se;41001;;",
        ]
    )

    out = import_csv("users", path)

    assert out.endswith(": 2 skapade, 0 ändrade, 0 oförändrade\n")
    assert list(User.objects.get(username="anna.lind").payers.all()) == payers
    assert not User.objects.get(username="per.berg").payers.exists()
    assert import_csv("users", path).endswith(": 0 skapade, 0 ändrade, 2 oförändrade\n")


def test_an_existing_user_gets_exactly_the_listed_payers(csv_file, customers, payers):
    user = UserFactory(
        username="anna.lind",
        first_name="Anna",
        last_name="Lind",
        email="anna.lind@umea.se",
        customers=[customers[0]],
        payers=[payers[0]],
    )
    path = csv_file(
        [USER_PAYERS_HEADER, "anna.lind;Anna;Lind;anna.lind@umea.se;41001;;10002"]
    )

    out = import_csv("users", path)

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert list(user.payers.all()) == [payers[1]]
    assert list(user.customers.all()) == [customers[0]]
    assert import_csv("users", path).endswith(": 0 skapade, 0 ändrade, 1 oförändrade\n")


def test_an_empty_payers_cell_removes_the_users_payers(csv_file, customers, payers):
    user = UserFactory(
        username="anna.lind",
        first_name="Anna",
        last_name="Lind",
        email="anna.lind@umea.se",
        customers=[customers[0]],
        payers=payers,
    )

    out = import_csv(
        "users",
        csv_file([USER_PAYERS_HEADER, "anna.lind;Anna;Lind;anna.lind@umea.se;41001;;"]),
    )

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert not user.payers.exists()


def test_without_the_payers_column_a_users_payers_stay(csv_file, customers, payers):
    user = UserFactory(
        username="anna.lind",
        first_name="Anna",
        last_name="Lind",
        email="anna.lind@umea.se",
        customers=[customers[0]],
        payers=payers,
    )

    out = import_csv(
        "users",
        csv_file([USER_HEADER, "anna.lind;Anna;Lind;anna.lind@umea.se;41002;"]),
    )

    assert out.endswith(": 0 skapade, 1 ändrade, 0 oförändrade\n")
    assert list(user.customers.all()) == [customers[1]]
    assert list(user.payers.all()) == payers


def test_bad_payers_of_users_are_reported(csv_file, customers, payers):
    UserFactory(username="per.berg", payers=[payers[0]])
    path = csv_file(
        [
            USER_PAYERS_HEADER,
            "anna.lind;Anna;Lind;anna.lind@umea.se;41001;;10001|99999",
            "per.berg;Per;Berg;per.berg@umea.se;41001;;10002|10002",
            "olle;Olle;Berg;olle@umea.se;41001;;1000|",
            "karin;Karin;Ek;karin@umea.se;41001;;10002",
        ]
    )

    assert import_fails("users", path) == [
        f"{path}:2: payers: okänd betalare 99999",
        f"{path}:3: payers: 10002 står två gånger",
        f"{path}:4: payers: tomt värde i listan",
    ]
    assert list(User.objects.get(username="per.berg").payers.all()) == [payers[0]]


def test_the_payers_column_of_users_is_named_exactly(csv_file, customers):
    path = csv_file(
        [USER_HEADER + ";Payers", "anna.lind;Anna;Lind;anna.lind@umea.se;41001;;10001"]
    )

    assert import_fails("users", path) == [f"{path}:1: Payers: okänd kolumn"]
