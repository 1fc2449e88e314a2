"""The fields of a list's filter form (``{{ field|as_filter_field }}``).

A list page shows a dozen selects above its rows, one of them the district's villages (about a
hundred options). Rendered through crispy-forms and Django's widget templates, each option is
an included template and each field a dozen more: 30 of a request list's 60 ms, measured at
national scale (issue 8). A single-choice select without an error or help text is written here
in Python instead, with the same markup crispy-bootstrap5 gives it (the label, the
``select form-select`` classes, the widget's own attributes, the options marked selected as
Django's ``ChoiceWidget.optgroups`` marks them). Any other field, and a select that is
required or has an error or help text to show, goes through crispy as before
(tests/portal/test_filterfields.py holds the two to the same HTML).

``{% filter_fields filters "col…" %}`` writes a list's fields that way and keeps the markup a
while with the choices it is written from (portal.lib.choices.kept_markup).
"""

from typing import Any

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from portal.lib.choices import kept_markup

register = template.Library()


@register.simple_tag
def filter_fields(filters, columns: str, *, skip: str = "q") -> SafeString:
    """Every field of a FilterSet's form but ``skip`` (the search box, which the list writes
    beside its button), each :func:`as_filter_field` in a ``<div class="{columns}">``.

    The markup is kept with the choices it is written from (portal.lib.choices): for the
    filters' ``scope`` (whose centres the choices come from), the values chosen and the day
    (the fiscal years and months follow it). Written anew each time, a district's villages
    and a dozen selects were a third of a list page's Python (issue 8). A form with errors is
    written anew: its messages are never kept."""
    form = filters.form

    def write() -> str:
        fields = (field for field in form if field.name != skip)
        return "".join(
            format_html('<div class="{}">{}</div>', columns, as_filter_field(field))
            for field in fields
        )

    if form.is_bound and form.errors:
        return mark_safe(write())
    chosen = tuple((field.html_name, field.value()) for field in form if field.name != skip)
    day = timezone.localdate().isoformat()
    parts = ("filter-fields", type(filters).__qualname__, filters.scope, columns, day, chosen)
    return mark_safe(kept_markup(parts, write))  # every part escaped as it was written


@register.filter
def as_filter_field(field: BoundField) -> SafeString:
    widget = field.field.widget
    plain_select = isinstance(widget, forms.Select) and not widget.allow_multiple_selected
    if not plain_select or field.field.required or field.errors or field.help_text:
        return as_crispy_field(field)
    attrs = field.build_widget_attrs({**widget.attrs, "id": field.auto_id})
    attrs["class"] = " ".join(filter(None, ["select form-select", str(attrs.get("class") or "")]))
    if not attrs["id"]:
        del attrs["id"]
    label = format_html(
        '<label for="{}" class="form-label">{}</label>', field.id_for_label, field.label
    )
    return format_html(
        '<div id="div_{}" class="mb-3">{}<select name="{}"{}>{}</select></div>',
        field.auto_id,
        label if field.label else "",
        field.html_name,
        flatatt(attrs),
        _options(widget, field),
    )


def _options(widget: forms.Select, field: BoundField) -> SafeString:
    """The options as ``ChoiceWidget.optgroups`` marks them (the first option whose value is
    the field's is selected), without building a dictionary and attributes per option."""
    chosen = set(widget.format_value(field.value()))
    html: list[str] = []
    found = False

    def option(value: object, label: Any) -> str:  # a label may be lazy or safe text
        # An f-string of escaped parts: format_html per option cost the country's 928 centres
        # 9 ms. conditional_escape escapes as format_html does (and leaves safe text be).
        nonlocal found
        text = "" if value is None else str(value)
        selected = not found and text in chosen
        found |= selected
        mark = " selected" if selected else ""
        return (
            f'<option value="{conditional_escape(text)}"{mark}>{conditional_escape(label)}</option>'
        )

    for value, label in widget.choices:
        if isinstance(label, (list, tuple)):
            inner = "".join(option(v, sub) for v, sub in label)
            html.append(format_html('<optgroup label="{}">{}</optgroup>', value, mark_safe(inner)))
        else:
            html.append(option(value, label))
    return mark_safe("".join(html))  # every value and label escaped above
