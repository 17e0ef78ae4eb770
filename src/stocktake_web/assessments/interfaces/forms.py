"""Forms of the assessment pages; the answer form is built from the framework's indicator."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stocktake.frameworks import Framework, Indicator
from stocktake_web.assessments.domain import AnswerContent, InvalidAnswerError
from stocktake_web.assessments.domain.answers import check_value, snapshot
from stocktake_web.assessments.domain.evidence import EVIDENCE_TYPES, evidence_type
from stocktake_web.assessments.domain.values import typed_value
from stocktake_web.assessments.interfaces.indicators import answer_choices, unit_of
from stocktake_web.assessments.models import VERSION_MAX, Answer
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised
from stocktake_web.network.models import City

IMPORTANCE_CHOICES = [
    ("", _("Not rated")),
    ("1", _("1 – low")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 – high")),
]


def version_field() -> forms.IntegerField:
    """The hidden version a form's edit started from, within what the version columns hold.

    Only a page changed by hand (or a script) sends one out of range, or no number at all; one
    sentence covers every such case."""
    wrong = _("The page sent a version this answer cannot have; reload the page and try again.")
    return forms.IntegerField(
        label=_("Version"),
        widget=forms.HiddenInput,
        min_value=0,
        max_value=VERSION_MAX,
        error_messages={
            "required": wrong,
            "invalid": wrong,
            "min_value": wrong,
            "max_value": wrong,
        },
    )


class AnswerForm(forms.Form):
    """One department's answer to one indicator, dispatched on the indicator's answer type.

    ``uploaded_names`` maps a file field to the file's name as its owner gave it, which Django
    shortens to 255 characters on the upload itself (see :mod:`.uploads`).
    """

    base_version = version_field()
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows this is the right answer: a plan, a budget line, a report."),
    )
    link = forms.URLField(
        label=_("Link to evidence"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(label=_("Evidence file"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)
    confidence = forms.ChoiceField(
        label=_("How confident are you in this answer?"),
        required=False,
        choices=[("", _("Not said")), *Answer.Confidence.choices],
        widget=forms.RadioSelect,
    )
    importance = forms.TypedChoiceField(
        label=_("How important is this for the city?"),
        required=False,
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        empty_value=None,
    )
    support = forms.MultipleChoiceField(
        label=_("Support your department would need"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        indicator: Indicator,
        uploaded_names: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.indicator = indicator
        self.uploaded_names = uploaded_names or {}
        self.fields = {"value": self._value_field(), **self.fields}
        support = self.fields["support"]
        assert isinstance(support, forms.MultipleChoiceField)
        support.choices = [(kind.id, localised(kind.label)) for kind in framework.support_kinds]
        # The page's script refuses a file over the limit before sending it, and the browser's
        # file chooser offers the accepted types first.
        self.fields["file"].widget.attrs.update(
            {
                "accept": ",".join(sorted(EVIDENCE_TYPES)),
                "data-max-bytes": str(settings.STOCKTAKE_EVIDENCE_MAX_BYTES),
            }
        )

    def _value_field(self) -> forms.Field:
        choices = answer_choices(self.indicator)
        if choices is None:
            unit = unit_of(self.indicator)
            return forms.CharField(
                label=_("Value (%(unit)s)") % {"unit": unit} if unit else _("Value"),
                required=False,
                max_length=64,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        return forms.ChoiceField(
            label=_("Answer"),
            required=False,
            choices=[(choice.value, choice.label) for choice in choices],
            widget=forms.RadioSelect,
        )

    @staticmethod
    def initial_for(answer: Answer) -> dict[str, Any]:
        stored = snapshot(answer)
        return {
            "base_version": answer.version,
            "value": stored["value"],
            "evidence": answer.evidence,
            "link": answer.link,
            "confidence": answer.confidence,
            "importance": stored["importance"],
            "support": stored["support"],
            "comment": answer.comment,
        }

    def clean_value(self) -> str:
        """The value as stored: a measured one rewritten from the language's notation."""
        value: str = self.cleaned_data.get("value") or ""
        try:
            value = typed_value(self.indicator, value)
            check_value(self.framework, self.indicator.id, value)
        except InvalidAnswerError as exc:
            raise forms.ValidationError(str(exc)) from None
        return value

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                evidence_type(upload)
            except InvalidAnswerError as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def content(self) -> AnswerContent:
        data = self.cleaned_data
        return AnswerContent(
            value=data["value"],
            evidence=data["evidence"],
            link=data["link"],
            confidence=data["confidence"],
            importance=data["importance"],
            support=frozenset(data["support"]),
            comment=data["comment"],
            file=data.get("file") or None,
            file_name=self.uploaded_names.get("file", ""),
            remove_file=bool(data.get("remove_file")),
        )


class FrameworkVersionChoiceField(forms.ModelChoiceField):
    """Framework versions by title in the reader's language, with the exact version."""

    def label_from_instance(self, obj: FrameworkVersion) -> str:
        return f"{localised(obj.title)} ({obj.version})"


class OpenRoundForm(forms.Form):
    """``city``'s new round, on a version the city may use: a shared one, its network's or its
    own (never another city's, even when its id is sent by hand)."""

    framework = FrameworkVersionChoiceField(
        label=_("Framework"), queryset=FrameworkVersion.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name of the round"), max_length=200)
    deadline = forms.DateField(
        label=_("Deadline for departments"), widget=forms.DateInput(attrs={"type": "date"})
    )
    assign_suggested = forms.BooleanField(
        label=_("Assign each indicator to the departments the framework suggests"),
        required=False,
        initial=True,
    )
    training = forms.BooleanField(
        label=_("Training round: a workshop exercise or a simulation"),
        required=False,
        help_text=_(
            "A training round runs like any other round, but it never counts as the city's "
            "result: it stays out of cohort statistics, benchmarking, the cohort index, peers, "
            "progress and the public summary, and each of its pages and reports says so. It "
            "can be changed only until the first answer is saved."
        ),
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework"]
        assert isinstance(field, FrameworkVersionChoiceField)
        field.queryset = (
            FrameworkVersion.objects.open_to(city.pk, city.network_id)
            .without_definition()
            .order_by("framework_id", "-imported_at")
        )

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class ReconciliationForm(forms.Form):
    """The coordinator's answer for one indicator; ``base_version`` is the version of its
    reconciliation the page showed (0: none)."""

    value = forms.ChoiceField(label=_("Reconciled answer"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this is the right answer, for whoever reads the results later."),
    )
    base_version = version_field()

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        choices = answer_choices(indicator)
        if choices is None:
            self.fields["value"] = forms.CharField(
                label=_("Reconciled value (%(unit)s)") % {"unit": unit_of(indicator)},
                max_length=64,
            )
        else:
            field = self.fields["value"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "—"), *((c.value, c.label) for c in choices)]

    def clean_value(self) -> str:
        """A measured value rewritten from the language's notation, as the answer form does."""
        try:
            return typed_value(self.indicator, self.cleaned_data.get("value") or "")
        except InvalidAnswerError as exc:
            raise forms.ValidationError(str(exc)) from None
