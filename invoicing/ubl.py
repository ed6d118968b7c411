"""An invoice as a Peppol BIS Billing 3.0 document (UBL 2.1), what Swedish
public-sector buyers must receive (issue 16).

A correction invoice whose total is negative is sent as a CreditNote with
the signs turned (a credit note's amounts are what the seller owes); any
other invoice, corrections with a total of zero or more too, is an Invoice.
Both refer to the corrected invoices in cac:BillingReference.

Every amount is the stored one: the lines' amounts, and per VAT rate the
net and VAT that Invoice.vat_totals gives and the run stored as the
invoice's totals, so the document adds up as EN 16931 requires (BR-CO-10
to BR-CO-16, BR-S-08). A rent line is quantity × days at the monthly rent
per the month's days (cbc:BaseQuantity), which is how the run computed it,
so its net amount is its quantity times its price (PEPPOL-EN16931-R120).

Swedish practice (the SE-R rules of Peppol BIS): organisation numbers as
ten digits, "Godkänd för F-skatt" as the seller's tax registration, the
bankgiro as payment means 30 with branch SE:BANKGIRO.

A payer without Peppol id and organisation number has no electronic
address, which the format requires: invoice_xml raises NoPeppolAddress,
whose message says so in Swedish for the page that offers the download."""

import calendar
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from .choices import LineKind
from .models import ROUNDING_RULE

CUSTOMIZATION_ID = (
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
)
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CURRENCY = "SEK"

NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ET.register_namespace("cac", NS["cac"])
ET.register_namespace("cbc", NS["cbc"])

# UNCL1001: commercial invoice, credit note.
INVOICE_TYPE = "380"
CREDIT_NOTE_TYPE = "381"
# UNCL4461: credit transfer, as Swedish bankgiro payments are sent (SE-R-012).
CREDIT_TRANSFER = "30"
# UN/ECE Recommendation 20: rent is charged per day, goods per piece.
DAY = "DAY"
PIECE = "H87"
# UNCL5305: standard rate; exempt from VAT, which needs a reason (BR-E-10).
STANDARD = "S"
EXEMPT = "E"
EXEMPTION_REASON = "Undantaget från skatteplikt enligt mervärdesskattelagen"
F_TAX = "Godkänd för F-skatt"


class NoPeppolAddress(Exception):
    """The payer has neither Peppol id nor organisation number, so the
    document has no buyer electronic address (PEPPOL-EN16931-R010)."""

    def __init__(self, payer):
        self.payer = payer
        super().__init__(
            _(
                "Betalaren %(payer)s saknar både Peppol-id och organisationsnummer, "
                "så e-fakturan kan inte skapas. Be Hjälpmedelscentrum lägga in "
                "något av dem."
            )
            % {"payer": payer}
        )


def invoice_xml(invoice):
    """The invoice as UTF-8 encoded Peppol BIS Billing 3.0 UBL XML."""
    address = invoice.payer.peppol_address
    if address is None:
        raise NoPeppolAddress(invoice.payer)
    credit = invoice.is_correction and invoice.total_incl_vat < 0
    sign = -1 if credit else 1
    kind = "CreditNote" if credit else "Invoice"
    # In the order of the invoice's page and PDF.
    lines = list(
        invoice.lines.select_related(
            "article", "individual", "person", "customer"
        ).order_by("position")
    )
    originals = list(
        invoice.lines.filter(original_invoice__isnull=False)
        .values_list("original_invoice__number", "original_invoice__invoice_date")
        .order_by("original_invoice__number")
        .distinct()
    )
    doc = Builder(NS[kind], kind)
    root = doc.root
    doc.cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    doc.cbc(root, "ProfileID", PROFILE_ID)
    doc.cbc(root, "ID", invoice.number)
    doc.cbc(root, "IssueDate", invoice.invoice_date.isoformat())
    if not credit:
        doc.cbc(root, "DueDate", invoice.due_date.isoformat())
    doc.cbc(root, f"{kind}TypeCode", CREDIT_NOTE_TYPE if credit else INVOICE_TYPE)
    doc.cbc(root, "Note", document_note(invoice, originals))
    doc.cbc(root, "DocumentCurrencyCode", CURRENCY)
    # Peppol asks for the buyer's reference or an order (PEPPOL-EN16931-R003):
    # the betalarid is the payer's reference at the centre.
    doc.cbc(root, "BuyerReference", invoice.payer.betalarid)
    first = invoice.month
    last = first.replace(day=days_in_month(first))
    doc.period(root, first, last)
    for number, issued in originals:
        reference = doc.cac(
            doc.cac(root, "BillingReference"), "InvoiceDocumentReference"
        )
        doc.cbc(reference, "ID", number)
        doc.cbc(reference, "IssueDate", issued.isoformat())
    seller_party(doc, root)
    buyer_party(doc, root, invoice.payer, address)
    if not credit:
        payment_means(doc, root, invoice)
    terms = doc.cac(root, "PaymentTerms")
    doc.cbc(terms, "Note", payment_terms(invoice, credit))

    totals = invoice.vat_totals()
    tax_total = doc.cac(root, "TaxTotal")
    doc.amount(tax_total, "TaxAmount", sign * invoice.total_vat)
    for rate, net, vat in totals:
        subtotal = doc.cac(tax_total, "TaxSubtotal")
        doc.amount(subtotal, "TaxableAmount", sign * net)
        doc.amount(subtotal, "TaxAmount", sign * vat)
        category = doc.cac(subtotal, "TaxCategory")
        doc.tax_category(category, rate)
        if not rate:
            doc.cbc(category, "TaxExemptionReason", EXEMPTION_REASON)
        doc.vat_scheme(category)

    monetary = doc.cac(root, "LegalMonetaryTotal")
    doc.amount(monetary, "LineExtensionAmount", sign * invoice.total_excl_vat)
    doc.amount(monetary, "TaxExclusiveAmount", sign * invoice.total_excl_vat)
    doc.amount(monetary, "TaxInclusiveAmount", sign * invoice.total_incl_vat)
    doc.amount(monetary, "PayableAmount", sign * invoice.total_incl_vat)

    for number, line in enumerate(lines, start=1):
        invoice_line(doc, root, kind, number, line, sign, days_in_month(first))
    return doc.tostring()


class Builder:
    """Elements in the UBL namespaces; the schema fixes their order, so the
    functions above add them in the order the XSD declares them."""

    def __init__(self, namespace, kind):
        # The document's namespace as the default one, declared by hand:
        # ElementTree's default_namespace refuses unqualified attributes
        # (schemeID, currencyID), and register_namespace is process-wide.
        self.root = ET.Element(kind, xmlns=namespace)

    def tostring(self):
        return ET.tostring(self.root, encoding="UTF-8", xml_declaration=True)

    def cac(self, parent, name):
        return ET.SubElement(parent, f"{{{NS['cac']}}}{name}")

    def cbc(self, parent, name, text, **attributes):
        element = ET.SubElement(parent, f"{{{NS['cbc']}}}{name}", attributes)
        element.text = text
        return element

    def amount(self, parent, name, value):
        return self.cbc(parent, name, money(value), currencyID=CURRENCY)

    def period(self, parent, start, end):
        period = self.cac(parent, "InvoicePeriod")
        self.cbc(period, "StartDate", start.isoformat())
        self.cbc(period, "EndDate", end.isoformat())

    def tax_category(self, parent, rate):
        self.cbc(parent, "ID", STANDARD if rate else EXEMPT)
        self.cbc(parent, "Percent", money(rate))

    def vat_scheme(self, parent):
        self.cbc(self.cac(parent, "TaxScheme"), "ID", "VAT")


def money(value):
    """Two decimals; never "-0.00"."""
    value = Decimal(value).quantize(Decimal("0.01"))
    return f"{value.copy_abs() if not value else value:.2f}"


def digits(value):
    return re.sub(r"\D", "", value)


def days_in_month(first):
    return calendar.monthrange(first.year, first.month)[1]


def document_note(invoice, originals):
    """The one note Peppol allows (PEPPOL-EN16931-R002): what is corrected,
    and the rounding rule the issue asks the invoice to state."""
    month = invoice.month.strftime("%Y-%m")
    if invoice.is_correction:
        head = _("Rättelse av %(month)s, faktura %(numbers)s.") % {
            "month": month,
            "numbers": ", ".join(number for number, _issued in originals),
        }
    else:
        head = _("Hyra och köp %(month)s.") % {"month": month}
    return f"{head} {ROUNDING_RULE}"


def payment_terms(invoice, credit):
    if credit:
        return _("Kreditfaktura: beloppet avräknas mot kommande fakturor.")
    days = (invoice.due_date - invoice.invoice_date).days
    return _("%(days)s dagar netto. Betala till bankgiro %(bankgiro)s.") % {
        "days": days,
        "bankgiro": settings.INVOICE_SELLER["bankgiro"],
    }


def seller_party(doc, root):
    seller = settings.INVOICE_SELLER
    party = doc.cac(doc.cac(root, "AccountingSupplierParty"), "Party")
    scheme, identifier = seller["peppol_id"].split(":", 1)
    doc.cbc(party, "EndpointID", identifier, schemeID=scheme)
    doc.cbc(doc.cac(party, "PartyName"), "Name", seller["name"])
    address = doc.cac(party, "PostalAddress")
    doc.cbc(address, "StreetName", seller["street"])
    doc.cbc(address, "CityName", seller["city"])
    doc.cbc(address, "PostalZone", seller["postal_code"])
    doc.cbc(doc.cac(address, "Country"), "IdentificationCode", seller["country"])
    vat = doc.cac(party, "PartyTaxScheme")
    doc.cbc(vat, "CompanyID", seller["vat_number"])
    doc.vat_scheme(vat)
    # The Swedish way to state F-skatt: the seller's tax registration (SE-R-005).
    f_tax = doc.cac(party, "PartyTaxScheme")
    doc.cbc(f_tax, "CompanyID", F_TAX)
    doc.cbc(doc.cac(f_tax, "TaxScheme"), "ID", "TAX")
    legal = doc.cac(party, "PartyLegalEntity")
    doc.cbc(legal, "RegistrationName", seller["name"])
    doc.cbc(legal, "CompanyID", digits(seller["org_number"]))
    contact = doc.cac(party, "Contact")
    doc.cbc(contact, "Telephone", seller["phone"])
    doc.cbc(contact, "ElectronicMail", seller["email"])


def buyer_party(doc, root, payer, address):
    party = doc.cac(doc.cac(root, "AccountingCustomerParty"), "Party")
    scheme, identifier = address
    doc.cbc(party, "EndpointID", identifier, schemeID=scheme)
    doc.cbc(doc.cac(party, "PartyIdentification"), "ID", payer.betalarid)
    doc.cbc(doc.cac(party, "PartyName"), "Name", payer.name)
    # The payer's address is not kept; the format asks only for its country.
    postal = doc.cac(party, "PostalAddress")
    doc.cbc(doc.cac(postal, "Country"), "IdentificationCode", "SE")
    legal = doc.cac(party, "PartyLegalEntity")
    doc.cbc(legal, "RegistrationName", payer.name)
    if payer.org_number:
        doc.cbc(legal, "CompanyID", payer.org_number)


def payment_means(doc, root, invoice):
    means = doc.cac(root, "PaymentMeans")
    doc.cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
    doc.cbc(means, "PaymentID", invoice.number)
    account = doc.cac(means, "PayeeFinancialAccount")
    doc.cbc(account, "ID", digits(settings.INVOICE_SELLER["bankgiro"]))
    doc.cbc(doc.cac(account, "FinancialInstitutionBranch"), "ID", "SE:BANKGIRO")


def is_rent(line):
    return LineKind.RENT in (line.kind, line.corrected_kind)


def line_note(line):
    """Who and what the line is for, as the payer's invoice controller
    checks it: the payer is responsible for the patient, so name and
    personnummer are there."""
    parts = [line.get_kind_display()]
    if line.corrected_kind:
        parts[0] += f" ({line.get_corrected_kind_display().lower()})"
    if line.person_id:
        parts.append(
            _("Mottagare: %(name)s %(personnummer)s")
            % {"name": line.recipient_name, "personnummer": line.person.personnummer}
        )
    if line.customer_id:
        parts.append(
            _("Kund: %(kundid)s %(name)s")
            % {"kundid": line.customer.kundid, "name": line.customer.name}
        )
    if line.order_number:
        parts.append(_("Order: %(number)s") % {"number": line.order_number})
    if line.text:
        parts.append(line.text)
    if not is_rent(line):
        parts.append(_("Datum: %(day)s") % {"day": line.period_from.isoformat()})
    return ". ".join(parts)


def invoice_line(doc, root, kind, number, line, sign, month_days):
    element = doc.cac(root, f"{kind}Line")
    doc.cbc(element, "ID", str(number))
    doc.cbc(element, "Note", line_note(line))
    rent = is_rent(line)
    unit = DAY if rent else PIECE
    quantity = sign * line.quantity * (line.days if rent else 1)
    quantity_name = "CreditedQuantity" if kind == "CreditNote" else "InvoicedQuantity"
    doc.cbc(element, quantity_name, str(quantity), unitCode=unit)
    doc.amount(element, "LineExtensionAmount", sign * line.amount)
    if line.accounting_cost:
        doc.cbc(element, "AccountingCost", line.accounting_cost)
    if rent:
        doc.period(element, line.period_from, line.period_to)
    item = doc.cac(element, "Item")
    doc.cbc(item, "Description", line.get_kind_display())
    name = line.article.name
    if line.individual_id:
        name = f"{name} {line.individual.individual_no}"
    doc.cbc(item, "Name", name)
    doc.cbc(doc.cac(item, "SellersItemIdentification"), "ID", line.article.article_no)
    category = doc.cac(item, "ClassifiedTaxCategory")
    doc.tax_category(category, line.vat_rate)
    doc.vat_scheme(category)
    price = doc.cac(element, "Price")
    doc.amount(price, "PriceAmount", line.unit_price)
    if rent:
        # The monthly rent is the price of the month's days.
        doc.cbc(price, "BaseQuantity", str(month_days), unitCode=DAY)
