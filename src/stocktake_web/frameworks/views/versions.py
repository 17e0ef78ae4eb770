"""Published versions: the list, one version's page, its file, the preview of its indicators,
the diff between two versions, importing a file and starting a draft from a version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake.frameworks import Framework
from stocktake.frameworks.diff import diff as framework_diff
from stocktake_web import permissions
from stocktake_web.assessments.views.lookups import signed_in_user
from stocktake_web.frameworks.access import (
    owners_for,
    owners_or_403,
    version_or_404,
)
from stocktake_web.frameworks.domain import drafts, files, versions
from stocktake_web.frameworks.domain.errors import EditorError, InvalidFrameworkError
from stocktake_web.frameworks.interfaces import rows
from stocktake_web.frameworks.interfaces.diffs import diff_sections
from stocktake_web.frameworks.interfaces.forms import ImportForm, StartDraftForm, owner_key
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import current_language


@login_required
@require_GET
def frameworks(request: HttpRequest) -> HttpResponse:
    """Every version the person may use, by framework, with who may edit it; their drafts."""
    roles = permissions.roles_of(request.user)
    seen = versions.versions_seen_by(
        networks=roles.networks, cities=roles.coordinated | roles.viewed | roles.departments_cities
    )
    context = {
        "frameworks": rows.version_rows(seen),
        "drafts": drafts.drafts_of(networks=list(roles.networks), cities=list(roles.coordinated)),
        "edits": permissions.can_edit_frameworks_somewhere(request.user),
        "versions": seen,
    }
    return render(request, "frameworks/list.html", context)


@login_required
@require_GET
def version_page(request: HttpRequest, version_id: int) -> HttpResponse:
    version = version_or_404(request.user, version_id)
    return render(request, "frameworks/version.html", _version_context(request, version))


def _version_context(
    request: HttpRequest, version: FrameworkVersion, form: StartDraftForm | None = None
) -> dict[str, object]:
    framework = version.load()
    owners = [o for o in owners_for(request.user) if o.may_use(version)]
    if form is None and owners:
        form = StartDraftForm(owners=owners, initial=_start_initial(version, owners))
    used = versions.rounds_using(version)
    return {
        "version": version,
        "framework": framework,
        "owner": rows.owner_name(version),
        "editors": rows.editors(version),
        "rounds": len(used),
        "form": form,
        "withdrawable": not used and any(o.matches(version) for o in owners),
        "others": [
            v
            for v in versions.versions_seen_by(
                networks=permissions.roles_of(request.user).networks,
                cities=permissions.member_city_ids(request.user),
            )
            if v.pk != version.pk
        ],
        "indicators": [(ind, framework.group_path(ind.id)) for ind in framework.indicators()],
    }


def _start_initial(version: FrameworkVersion, owners: list[versions.Owner]) -> dict[str, str]:
    """The version's own owner edits it under its id with the next number; anyone else
    derives a version of their own under a new id."""
    mine = next((o for o in owners if o.matches(version)), None)
    if mine is not None:
        return {
            "owner": owner_key(mine),
            "new_id": version.framework_id,
            "new_version": versions.next_version(version.version),
        }
    return {
        "owner": owner_key(owners[0]),
        "new_id": versions.suggested_id(version.framework_id, owners[0]),
        "new_version": "1.0.0",
    }


@login_required
@require_POST
def derive(request: HttpRequest, version_id: int) -> HttpResponse:
    """Start a draft from this version, for a city the person coordinates or their network."""
    version = version_or_404(request.user, version_id)
    owners = [o for o in owners_or_403(request.user) if o.may_use(version)]
    form = StartDraftForm(request.POST, owners=owners)
    if form.is_valid():
        try:
            draft = drafts.start_draft(
                base=version,
                owner=form.chosen_owner(),
                new_id=form.cleaned_data["new_id"],
                new_version=form.cleaned_data["new_version"],
                by=signed_in_user(request),
            )
        except InvalidFrameworkError as exc:
            for problem in exc.problems:
                form.add_error(None, str(problem))
        except EditorError as exc:
            form.add_error("new_id", str(exc))
        else:
            messages.success(request, _("The draft is ready: change it, preview it, publish it."))
            return redirect("frameworks:draft", draft_id=draft.pk)
    context = _version_context(request, version, form)
    return render(request, "frameworks/version.html", context, status=400)


@login_required
@require_POST
def withdraw(request: HttpRequest, version_id: int) -> HttpResponse:
    """Remove a version its owner published by mistake, while nothing uses it."""
    version = version_or_404(request.user, version_id)
    if not any(o.matches(version) for o in owners_or_403(request.user)):
        raise PermissionDenied
    try:
        versions.withdraw_version(version=version)
    except EditorError as exc:
        messages.error(request, str(exc))
        return redirect("frameworks:version", version_id=version.pk)
    messages.success(request, _("%(key)s is removed.") % {"key": version.key})
    return redirect("frameworks:list")


@login_required
@require_GET
def export(request: HttpRequest, version_id: int) -> HttpResponse:
    """The version as a framework file (YAML), as ``stocktake frameworks export`` writes it."""
    version = version_or_404(request.user, version_id)
    response = HttpResponse(files.version_file(version), content_type="application/yaml")
    name = f"{version.framework_id}-{version.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def version_preview(request: HttpRequest, version_id: int, indicator: str) -> HttpResponse:
    version = version_or_404(request.user, version_id)
    framework = version.load()
    if indicator not in {ind.id for ind in framework.indicators()}:
        raise Http404
    context = preview_context(request, framework, indicator)
    context |= {"version": version, "back": version}
    return render(request, "frameworks/preview.html", context)


def preview_context(
    request: HttpRequest, framework: Framework, indicator: str
) -> dict[str, object]:
    """The preview of ``indicator`` in the language asked for (``?lang=``), with its tabs."""
    lang = rows.chosen_language(framework, request.GET.get("lang"), current_language())
    previous, following = rows.neighbours(framework, indicator)
    return {
        "framework": framework,
        "indicator": framework.indicator(indicator),
        "lang": lang,
        "tabs": rows.language_tabs(framework, lang),
        "page": rows.respondent_page(framework, indicator, lang),
        "previous": previous,
        "next": following,
    }


@login_required
@require_GET
def diff(request: HttpRequest) -> HttpResponse:
    """What changed between two versions the person may see (``?a=`` and ``?b=``)."""
    roles = permissions.roles_of(request.user)
    seen = versions.versions_seen_by(
        networks=roles.networks, cities=permissions.member_city_ids(request.user)
    )
    by_id = {str(v.pk): v for v in seen}
    a, b = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
    context: dict[str, object] = {"versions": seen, "a": a, "b": b}
    if a is not None and b is not None:
        found = framework_diff(a.load(), b.load())
        context |= {"diff": found, "sections": diff_sections(found, a.load(), b.load())}
    elif request.GET.get("a") or request.GET.get("b"):
        raise Http404
    return render(request, "frameworks/diff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """A framework file, checked whole as the command line's validate does, then published
    for the city or network chosen; nothing is stored unless all of it is right."""
    owners = owners_or_403(request.user)
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, owners=owners
    )
    problems: list[str] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            files.check_size(upload.size or 0)
            version = files.import_version(
                data=upload.read(), owner=form.chosen_owner(), by=signed_in_user(request)
            )
        except InvalidFrameworkError as exc:
            problems = [str(problem) for problem in exc.problems]
        except EditorError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request, _("%(key)s is published from the file.") % {"key": version.key}
            )
            return redirect("frameworks:version", version_id=version.pk)
    status = 400 if problems or form.errors else 200
    context = {"form": form, "problems": problems}
    return render(request, "frameworks/import.html", context, status=status)
