"""The editor: a draft's page and each of its forms, the preview of its indicators, its diff
with its base, its changes file, publishing and discarding.

Every save goes through :func:`stocktake_web.frameworks.domain.drafts.save_draft`, which
derives the framework the change would make and checks it as ``stocktake frameworks validate``
does: a refused save shows the form again as it was typed, each problem next to its field.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake.frameworks import MaturityIndicator
from stocktake.frameworks.diff import diff as framework_diff
from stocktake_web.assessments.views.lookups import signed_in_user
from stocktake_web.frameworks.access import draft_or_404
from stocktake_web.frameworks.domain import drafts
from stocktake_web.frameworks.domain.errors import (
    EditorError,
    InvalidFrameworkError,
    StaleDraftError,
)
from stocktake_web.frameworks.interfaces import rows
from stocktake_web.frameworks.interfaces.diffs import diff_sections
from stocktake_web.frameworks.interfaces.forms import (
    DraftVersionForm,
    EditorForm,
    IdentityForm,
    LocalIndicatorForm,
    RewordForm,
    SelectionForm,
)
from stocktake_web.frameworks.models import FrameworkDraft
from stocktake_web.frameworks.views.versions import preview_context


def _stale_sentence(exc: StaleDraftError) -> str:
    when = date_format(localtime(exc.at), "DATETIME_FORMAT") if exc.at else ""
    return _(
        "%(who)s saved this draft (%(when)s) after you opened this page, so your change was not "
        "saved. What you typed is still below: check the draft as it is now, then save again "
        "to replace it."
    ) % {"who": exc.by or _("Someone"), "when": when}


def _save(
    request: HttpRequest,
    draft: FrameworkDraft,
    form: EditorForm,
    changes: dict[str, Any],
    **identity: str,
) -> bool:
    """Save ``changes`` from ``form``; on refusal the form carries the reasons (and, after a
    stale save, the draft's current version, so that saving again is a knowing choice)."""
    try:
        drafts.save_draft(
            draft=draft,
            changes=changes,
            base_version=form.cleaned_data["base_version"],
            by=signed_in_user(request),
            **identity,
        )
    except InvalidFrameworkError as exc:
        form.show_problems(exc.problems)
    except StaleDraftError as exc:
        form.add_error(None, _stale_sentence(exc))
        form.restart_from(exc.version)
    except EditorError as exc:
        form.add_error(None, str(exc))
    else:
        return True
    return False


@login_required
@require_GET
def draft_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_or_404(request.user, draft_id)
    return _draft_page(request, draft)


def _draft_page(
    request: HttpRequest,
    draft: FrameworkDraft,
    *,
    identity: IdentityForm | None = None,
    selection: SelectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    state = drafts.draft_state(draft)
    base = draft.base.load()
    initial = {"base_version": draft.version}
    identity = identity or IdentityForm(
        initial={**initial, "new_id": draft.new_id, "new_version": draft.new_version}
    )
    selection = selection or SelectionForm(initial=initial, base=base, changes=draft.changes)
    framework = state.framework
    added = [entry for entry in draft.changes.get("add", []) if isinstance(entry, dict)]
    context = {
        "draft": draft,
        "owner": rows.owner_name(draft),
        "state": state,
        "framework": framework,
        "identity": identity,
        "selection": selection,
        "reworded": set(draft.changes.get("reword", {})),
        "added": [
            (entry, framework.indicator(entry["id"]) if framework else None) for entry in added
        ],
        "publish": DraftVersionForm(initial=initial),
        "first": framework.indicators()[0].id if framework else None,
    }
    return render(request, "frameworks/draft.html", context, status=status)


def _editable(request: HttpRequest, draft_id: int) -> FrameworkDraft:
    """The draft, if still a draft: a published one shows its version instead."""
    draft = draft_or_404(request.user, draft_id)
    if draft.is_published:
        raise Http404
    return draft


@login_required
@require_POST
def save_identity(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The id and version the draft will be published as."""
    draft = _editable(request, draft_id)
    form = IdentityForm(request.POST)
    if form.is_valid() and _save(
        request,
        draft,
        form,
        draft.changes,
        new_id=form.cleaned_data["new_id"],
        new_version=form.cleaned_data["new_version"],
    ):
        messages.success(request, _("Saved."))
        return redirect("frameworks:draft", draft_id=draft.pk)
    return _draft_page(request, draft, identity=form, status=400)


@login_required
@require_POST
def save_selection(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Which indicators stay, which do not apply, and their weights."""
    draft = _editable(request, draft_id)
    form = SelectionForm(request.POST, base=draft.base.load(), changes=draft.changes)
    if form.is_valid() and _save(request, draft, form, form.changes(drafts.changed(draft))):
        messages.success(request, _("Saved."))
        return redirect("frameworks:draft", draft_id=draft.pk)
    return _draft_page(request, draft, selection=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def reword(request: HttpRequest, draft_id: int, indicator: str) -> HttpResponse:
    """An indicator's texts in every language of the framework, side by side."""
    draft = _editable(request, draft_id)
    base = draft.base.load()
    if indicator not in {ind.id for ind in base.indicators()} or indicator in draft.changes.get(
        "drop", []
    ):
        raise Http404
    current = draft.changes.get("reword", {}).get(indicator, {})
    kwargs: dict[str, Any] = {
        "indicator": base.indicator(indicator),
        "languages": list(base.languages),
        "reword": current,
    }
    if request.method == "POST":
        form = RewordForm(request.POST, **kwargs)
        if form.is_valid():
            changes = drafts.changed(draft)
            texts = form.reword()
            rewords = {k: v for k, v in changes.get("reword", {}).items() if k != indicator}
            if texts:
                rewords[indicator] = texts
            changes["reword"] = rewords
            if not rewords:
                changes.pop("reword")
            if _save(request, draft, form, changes):
                messages.success(request, _("Saved."))
                return redirect("frameworks:draft", draft_id=draft.pk)
        status = 400
    else:
        form = RewordForm(initial={"base_version": draft.version}, **kwargs)
        status = 200
    context = {
        "draft": draft,
        "form": form,
        "indicator": base.indicator(indicator),
        "languages": rows.language_columns(base.languages),
        "maturity": isinstance(base.indicator(indicator), MaturityIndicator),
    }
    return render(request, "frameworks/reword.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def add_local(request: HttpRequest, draft_id: int) -> HttpResponse:
    """A local indicator of the city's (or the network's) own."""
    draft = _editable(request, draft_id)
    return _local(request, draft, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit_local(request: HttpRequest, draft_id: int, indicator: str) -> HttpResponse:
    """A local indicator added earlier: changed, or removed (``remove``)."""
    draft = _editable(request, draft_id)
    added = [e for e in draft.changes.get("add", []) if isinstance(e, dict)]
    if indicator not in [entry.get("id") for entry in added]:
        raise Http404
    return _local(request, draft, indicator)


def _local(request: HttpRequest, draft: FrameworkDraft, indicator: str | None) -> HttpResponse:
    base = draft.base.load()
    changes = drafts.changed(draft)
    added: list[dict[str, Any]] = list(changes.get("add", []))
    at = next((i for i, e in enumerate(added) if e.get("id") == indicator), len(added))
    entry = added[at] if at < len(added) else None
    if request.method == "POST" and "remove" in request.POST and entry is not None:
        del added[at]
        return _remove_local(request, draft, _with_added(changes, added))
    if request.method == "POST":
        form = LocalIndicatorForm(request.POST, base=base, entry=entry, position=at)
        if form.is_valid():
            added[at : at + 1] = [form.entry()]
            if _save(request, draft, form, _with_added(changes, added)):
                messages.success(request, _("Saved."))
                return redirect("frameworks:draft", draft_id=draft.pk)
    else:
        form = LocalIndicatorForm(
            initial={"base_version": draft.version}, base=base, entry=entry, position=at
        )
    languages = rows.language_columns(base.languages)
    context = {"draft": draft, "form": form, "entry": entry, "languages": languages}
    status = 400 if request.method == "POST" else 200
    return render(request, "frameworks/local.html", context, status=status)


def _with_added(changes: dict[str, Any], added: list[dict[str, Any]]) -> dict[str, Any]:
    out = {key: value for key, value in changes.items() if key != "add"}
    return out | ({"add": added} if added else {})


def _remove_local(
    request: HttpRequest, draft: FrameworkDraft, changes: dict[str, Any]
) -> HttpResponse:
    form = DraftVersionForm(request.POST)
    if form.is_valid() and _save(request, draft, form, changes):
        messages.success(request, _("The local indicator is removed."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.values()))
    return redirect("frameworks:draft", draft_id=draft.pk)


@login_required
@require_GET
def draft_preview(request: HttpRequest, draft_id: int, indicator: str) -> HttpResponse:
    """An indicator of the draft as its respondent will see it, in a language of the
    framework."""
    draft = draft_or_404(request.user, draft_id)
    framework = drafts.draft_state(draft).framework
    if framework is None or indicator not in {ind.id for ind in framework.indicators()}:
        raise Http404
    context = preview_context(request, framework, indicator) | {"draft": draft}
    return render(request, "frameworks/preview.html", context)


@login_required
@require_GET
def draft_diff(request: HttpRequest, draft_id: int) -> HttpResponse:
    """What the draft changes in its base, as the diff between two versions shows it."""
    draft = draft_or_404(request.user, draft_id)
    framework = drafts.draft_state(draft).framework
    context: dict[str, Any] = {"draft": draft, "a": draft.base}
    if framework is not None:
        base = draft.base.load()
        found = framework_diff(base, framework)
        context |= {"diff": found, "sections": diff_sections(found, base, framework)}
    return render(request, "frameworks/diff.html", context)


@login_required
@require_GET
def changes_file(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The draft's changes as the file ``stocktake frameworks derive BASE --changes`` reads."""
    draft = draft_or_404(request.user, draft_id)
    data = {"id": draft.new_id, "version": draft.new_version, **draft.changes}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    header = (
        f"# Changes to {draft.base.key}: stocktake frameworks derive {draft.base.key} --changes\n"
    )
    response = HttpResponse(header + text, content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="{draft.new_id}-changes.yaml"'
    return response


@login_required
@require_POST
def publish(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Publish the draft as a new version; rounds can then be opened on it."""
    draft = draft_or_404(request.user, draft_id)
    form = DraftVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page sent no draft version; reload the page."))
        return redirect("frameworks:draft", draft_id=draft.pk)
    try:
        version = drafts.publish_draft(
            draft=draft, base_version=form.cleaned_data["base_version"], by=signed_in_user(request)
        )
    except StaleDraftError as exc:
        messages.error(request, _stale_sentence(exc))
    except InvalidFrameworkError:
        messages.error(request, _("The draft has problems to mend before it can be published."))
    except EditorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(key)s is published. Coordinators can open rounds on it now.")
            % {"key": version.key},
        )
        return redirect("frameworks:version", version_id=version.pk)
    return redirect("frameworks:draft", draft_id=draft.pk)


@login_required
@require_POST
def discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_or_404(request.user, draft_id)
    try:
        drafts.discard_draft(draft=draft)
    except EditorError as exc:
        messages.error(request, str(exc))
        return redirect("frameworks:draft", draft_id=draft.pk)
    messages.success(request, _("The draft is discarded."))
    return redirect("frameworks:list")
