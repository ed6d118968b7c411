"""The invoice as a PDF (A4, Swedish): the same header, grouped lines with
subtotals, totals per VAT rate and rounding rule as the page, every line
on it, pages numbered Sida X av Y (static/css/pdf.css).

The lines are a listing in fixed-width columns, one text row each, not a
table: WeasyPrint lays out each table cell as a box of its own, about 1 ms
each, so 5,000 lines took 50-100 s as a table; as text rows, 500 lines take
0.5 s instead of 5 s."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.pdf import render_pdf

from . import lines as invoice_lines

# (heading, width in characters, right-aligned) of the listing's columns.
COLUMNS = [
    (_("Typ"), 10, False),
    (_("Artikel"), 30, False),
    (_("Individ"), 10, False),
    (_("Mottagare"), 24, False),
    (_("Personnummer"), 12, False),
    (_("Ordernr"), 9, False),
    (_("Period"), 21, False),
    (_("Dagar"), 5, True),
    (_("Antal"), 5, True),
    (_("À-pris"), 11, True),
    (_("Belopp"), 12, True),
    (_("Moms %"), 6, True),
    (_("Kodsträng"), 20, False),
]
# Where the amounts end: a group's subtotal is aligned with them.
AMOUNT_END = sum(column[1] + 1 for column in COLUMNS[:11]) - 1


def _fit(text, width, right=False):
    text = str(text)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def _columns(values):
    return " ".join(
        _fit(value, width, right)
        for value, (_title, width, right) in zip(values, COLUMNS, strict=True)
    ).rstrip()


def _heading(row):
    text = row.cells["heading"]
    subtotal = row.cells["subtotal"]
    return _fit(text, AMOUNT_END - len(subtotal) - 1) + " " + subtotal


def _line(line, texts):
    period = line.period_from.isoformat()
    if line.period_to != line.period_from:
        period = f"{period}–{line.period_to.isoformat()}"
    return _columns(
        [
            texts.kinds[line.kind],
            f"{line.article.article_no} {line.article.name}",
            line.individual.individual_no if line.individual_id else "",
            invoice_lines.recipient_name(line),
            line.person.personnummer if line.person_id else "",
            line.order_number,
            period,
            "" if line.days is None else line.days,
            line.quantity,
            invoice_lines.money(line.unit_price),
            invoice_lines.money(line.amount),
            invoice_lines.rate_text(line.vat_rate),
            line.accounting_cost,
        ]
    )


def _note(line, texts):
    """What does not fit the columns, on a row of its own: what a correction
    corrects, a work order's text."""
    notes = []
    if line.original_invoice_id:
        notes.append(invoice_lines.kind_text(line, texts))
    if line.text:
        notes.append(line.text)
    return " · ".join(notes)


def listing(rows):
    """(css class, text) rows of the listing for grouped rows."""
    texts = invoice_lines.labels()
    out = [("listing-head", _columns([column[0] for column in COLUMNS]))]
    for row in rows:
        if row.kind != "line":
            out.append((f"group-{row.kind}", _heading(row)))
            continue
        out.append(("listing-line", _line(row.line, texts)))
        if note := _note(row.line, texts):
            out.append(("listing-note", f"{'':{COLUMNS[0][1] + 1}}{note}"))
    return out


def invoice_pdf(header, lines):
    """`header`: the page's header context; `lines`: all the invoice's lines
    in the page's order (invoicing.lines.all_lines)."""
    # Swedish whoever makes it: the PDF is made once and kept, and goes to
    # a Swedish payer with the same text as its Peppol document.
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "invoicing/invoice_pdf.html",
            {**header, "listing": listing(invoice_lines.all_grouped(lines))},
        )
