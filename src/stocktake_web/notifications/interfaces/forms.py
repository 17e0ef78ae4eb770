"""The preferences form: a checkbox per kind of notification, and the e-mail language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stocktake_web.notifications.models import Kind


class PreferencesForm(forms.Form):
    received = forms.MultipleChoiceField(
        label=_("Tell me about"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language of my e-mails"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = [("", _("The site's default language"))]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = default + [(code, name) for code, name in settings.LANGUAGES]
