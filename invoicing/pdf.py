"""The invoice as a PDF (A4, Swedish): the same header, grouped lines with
subtotals, totals per VAT rate and rounding rule as the page, every line
on it, page numbers Sida X av Y (static/css/pdf.css)."""

from core.pdf import render_pdf

from . import lines as invoice_lines


def invoice_pdf(header, lines):
    """`header`: the page's header context; `lines`: all the invoice's lines
    in the page's order (invoicing.lines.all_lines)."""
    return render_pdf(
        "invoicing/invoice_pdf.html",
        {**header, "rows": invoice_lines.all_grouped(lines)},
    )
