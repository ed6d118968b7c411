from django import template

from .. import lines

register = template.Library()

register.filter("recipient", lines.recipient_name)
register.filter("kind_text", lines.kind_text)
