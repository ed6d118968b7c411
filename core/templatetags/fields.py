"""A form field's widget with the Bootstrap classes crispy-forms gives it,
for templates/forms/field.html: the same markup as `|as_crispy_field` for a
text input, select or checkbox, without crispy's three nested templates and
new context per field (the search pages' forms took 5–13 ms of a request)."""

from django import forms, template

register = template.Library()


def bootstrap_class(widget):
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def bootstrap_widget(field):
    """The widget rendered with crispy's classes: its own class, the widget
    type's name, the Bootstrap class, and is-invalid after an error."""
    widget = field.field.widget
    name = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "").split()
    wanted = [name, *bootstrap_class(widget).split()]
    if field.errors:
        wanted.append("is-invalid")
    classes += [each for each in wanted if each not in classes]
    return field.as_widget(attrs={"class": " ".join(classes)})
