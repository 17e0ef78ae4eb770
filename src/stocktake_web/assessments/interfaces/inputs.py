"""Choice inputs of the answer form written directly, as Django's widgets would write them.

Django renders each radio button and checkbox through its own small template; on the indicator
page, the page respondents open most, that cost more than the rest of the form. These functions
write the same elements (ids, names, labels, checked state) in one pass, so the page's styles
and scripts see no difference; a test compares them with Django's own output.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def choice_inputs(field: BoundField) -> SafeString:
    """Radio buttons (a choice field) or checkboxes (a multiple choice field), each in its
    label, inside a ``div`` with the field's id."""
    multiple = isinstance(field.field, forms.MultipleChoiceField)
    kind = "checkbox" if multiple else "radio"
    chosen, invalid = _chosen(field), _invalid(field)
    options = format_html_join(
        "",
        '<div><label for="{0}_{1}"><input type="{2}" name="{3}" value="{4}" id="{0}_{1}"{5}{6}>'
        " {7}</label></div>",
        (
            (field.auto_id, n, kind, field.html_name, value, _mark(value, chosen), invalid, label)
            for n, (value, label) in enumerate(_choices(field))
        ),
    )
    return format_html('<div id="{}">{}</div>', field.auto_id, options)


def select_input(field: BoundField) -> SafeString:
    """A drop-down list for a choice field."""
    chosen = _chosen(field)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, _mark(value, chosen, "selected"), label) for value, label in _choices(field)),
    )
    return format_html(
        '<select name="{}" id="{}"{}>{}</select>',
        field.html_name,
        field.auto_id,
        _invalid(field),
        options,
    )


def _choices(field: BoundField) -> Iterable[tuple[object, object]]:
    choice_field = field.field
    assert isinstance(choice_field, forms.ChoiceField)
    return choice_field.choices  # type: ignore[return-value]


def _chosen(field: BoundField) -> set[str]:
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    return {"" if item is None else str(item) for item in values}


def _mark(value: object, chosen: set[str], attribute: str = "checked") -> SafeString:
    return SafeString(f" {attribute}") if str(value) in chosen else SafeString("")


def _invalid(field: BoundField) -> SafeString:
    """Marks the inputs of a field with errors for screen readers, as Django's widgets do."""
    return SafeString(' aria-invalid="true"') if field.errors else SafeString("")
