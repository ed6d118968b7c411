"""PDF copies of pages (order confirmations, access-log extracts), made by
WeasyPrint from a template. Nothing is fetched: the stylesheet is read from
our static files, fonts come from the system, and any URL in the HTML is
refused, so a PDF never reaches the network and shows no one else's content."""

import functools

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetchingError

STYLESHEET = "css/pdf.css"


class NoFetching(URLFetcher):
    def fetch(self, url, headers=None):
        raise URLFetchingError(f"Inga externa resurser i PDF: {url}")


def render_pdf(template_name, context, request=None):
    return html_to_pdf(render_to_string(template_name, context, request))


@functools.cache
def _stylesheet():
    """The stylesheet and its font configuration, made once per process:
    parsing them again for every PDF was a quarter of its time."""
    fonts = FontConfiguration()
    css = CSS(
        filename=finders.find(STYLESHEET), url_fetcher=NoFetching(), font_config=fonts
    )
    return css, fonts


def html_to_pdf(html):
    css, fonts = _stylesheet()
    return HTML(string=html, url_fetcher=NoFetching()).write_pdf(
        stylesheets=[css], font_config=fonts
    )


def warm_up():
    """A tiny PDF, made when a server process starts (websesam/wsgi.py):
    importing WeasyPrint and loading its fonts take seconds, which the first
    request asking for a PDF in each worker would otherwise wait for."""
    return html_to_pdf("<p>webSesam</p>")
