"""Choice inputs of the answer form, written by one template each, as Django's widgets would write
them.

Django renders each radio button and checkbox through its own small template; on the indicator
page, the page respondents open most, that cost more than the rest of the form. Here the options
are worked out in Python and each field is written by one template with a loop
(``assessments/_choice_inputs.html``, ``assessments/_select_input.html``), with the same
elements (ids, names, labels, checked state), so the page's styles and scripts see no
difference; a test compares them with Django's own output.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.template.loader import get_template
from django.utils.choices import CallableChoiceIterator
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Option:
    id: str
    value: object
    label: object
    chosen: bool


def choice_inputs(field: BoundField) -> SafeString:
    """Radio buttons (a choice field) or checkboxes (a multiple choice field), each in its
    label, inside a ``div`` with the field's id."""
    multiple = isinstance(field.field, forms.MultipleChoiceField)
    return _rendered(
        "assessments/_choice_inputs.html", field, kind="checkbox" if multiple else "radio"
    )


def select_input(field: BoundField) -> SafeString:
    """A drop-down list for a choice field."""
    return _rendered("assessments/_select_input.html", field)


def _rendered(template: str, field: BoundField, **more: object) -> SafeString:
    context = {
        "id": field.auto_id,
        "name": field.html_name,
        "options": _options(field),
        # Marks the inputs of a field with errors for screen readers, as Django's widgets do.
        "invalid": bool(field.errors),
        **more,
    }
    return SafeString(get_template(template).render(context))


def _options(field: BoundField) -> list[Option]:
    chosen = _chosen(field)
    return [
        Option(f"{field.auto_id}_{n}", value, label, str(value) in chosen)
        for n, (value, label) in enumerate(_choices(field))
    ]


def _choices(field: BoundField) -> list[tuple[object, object]]:
    """The field's (value, label) pairs: Django keeps a field's choices as a list, or as an
    iterator when they are given by a function. The answer form has no option groups."""
    choice_field = field.field
    assert isinstance(choice_field, forms.ChoiceField)
    choices = choice_field.choices
    assert isinstance(choices, list | CallableChoiceIterator)
    return [(value, label) for value, label in choices]


def _chosen(field: BoundField) -> set[str]:
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    return {"" if item is None else str(item) for item in values}
