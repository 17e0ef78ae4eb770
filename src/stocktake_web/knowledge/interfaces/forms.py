"""The catalogue's forms: the search with its facets, the upload, and a resource's file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stocktake.frameworks.schema import PATHWAYS
from stocktake_web.knowledge.interfaces.rows import pathway_label
from stocktake_web.knowledge.models import Resource


class AnyCaseChoiceField(forms.ChoiceField):
    """A choice of lower-case keys that takes them in any case (``?kind=Toolkit``), as the
    command line's filters do."""

    def to_python(self, value: object) -> str:
        return str(super().to_python(value)).strip().lower()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = AnyCaseChoiceField(label=_("Kind"), required=False)
    language = forms.CharField(label=_("Language"), max_length=35, required=False)
    pathway = AnyCaseChoiceField(label=_("Pathway"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(Resource.Kind.choices)  # type: ignore[attr-defined]
        self.fields["pathway"].choices = every + [(p, pathway_label(p)) for p in PATHWAYS]  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("CSV or XLSX with the catalogue's columns; at most 5 MB."),
    )


class ResourceFileForm(forms.Form):
    """A file for a resource, held to the evidence files' limits (checked by the domain)."""

    file = forms.FileField(label=_("File"))
