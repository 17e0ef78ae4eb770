"""The coordinator's choice of how far a round's results travel."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stocktake_web.assessments.models import Round


class ConsentForm(forms.Form):
    """One of the four tiers; anything else (a page changed by hand) is a form error."""

    consent = forms.ChoiceField(
        label=_("Sharing of this round's results"),
        choices=Round.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the ways of sharing the round's results."),
            "invalid_choice": _("Choose one of the ways of sharing the round's results."),
        },
    )
