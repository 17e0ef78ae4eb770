"""The form that names a new API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stocktake_web.api.models import TOKEN_NAME_MAX_LENGTH


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=TOKEN_NAME_MAX_LENGTH,
        help_text=_("For example: the nightly export. It helps you know which one to revoke."),
    )
