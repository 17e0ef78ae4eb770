"""The catalogue's pages: search with facets, the policy database, financing opportunities,
the secretariat's loading and export, a resource's file, and a city's key areas with what helps.

Views check access once (:mod:`stocktake_web.knowledge.access`, or the city's results rule),
find what they show through ``domain`` and render rows from ``interfaces``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake import knowledge as core
from stocktake_web import permissions
from stocktake_web.assessments.domain import evidence
from stocktake_web.assessments.interfaces.downloads import stored_file
from stocktake_web.assessments.interfaces.uploads import refused_uploads
from stocktake_web.knowledge.access import catalogue_network_or_404, managed_catalogue_or_404
from stocktake_web.knowledge.domain import files as resource_files
from stocktake_web.knowledge.domain.catalogue import (
    CatalogueFull,
    as_core,
    catalogue_vocabulary,
    core_catalogue,
    load_catalogue_file,
)
from stocktake_web.knowledge.domain.key_areas import key_area_help
from stocktake_web.knowledge.domain.search import Facets, facets_of, matching_resources
from stocktake_web.knowledge.interfaces import rows
from stocktake_web.knowledge.interfaces.forms import ResourceFileForm, SearchForm, UploadForm
from stocktake_web.knowledge.interfaces.upload import (
    UnreadableFile,
    problem_sentence,
    read_upload,
    too_large,
)
from stocktake_web.knowledge.models import Resource
from stocktake_web.languages import current_language, localised
from stocktake_web.network.access import city_results_or_404
from stocktake_web.network.models import Network

PER_PAGE = 25


@dataclass(frozen=True)
class FacetRow:
    label: str
    count: int
    query: str
    chosen: bool


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _search(request: HttpRequest, network: Network, **fixed: str) -> dict[str, Any]:
    """The search form, the page of matches and the facets, for the request's query."""
    form = SearchForm(request.GET or None)
    refused = form.is_bound and not form.is_valid()
    wanted = form.cleaned_data if form.is_bound and not refused else {}
    choices = {name: wanted.get(name) or "" for name in ("kind", "language", "pathway")}
    found = matching_resources(
        network=network, query=wanted.get("q", ""), **(choices | fixed)
    ).prefetch_related("tags")
    if refused:  # the form says what is wrong; the whole catalogue would look like matches
        found = found.none()
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    cities = {city.slug: localised(city.name) for city in network.cities.all()}
    facets = (
        facets_of(network=network, query=wanted.get("q", ""), **(choices | fixed))
        if not refused
        else Facets()
    )
    slug = network.slug
    return {
        "network": network,
        "form": form,
        "page": page,
        "results": [
            (as_core(r), rows.resource_row(as_core(r), cities, file=rows.file_row(r, slug)))
            for r in page
        ],
        "facets": [
            (_("Kind"), _facet(request, "kind", facets.kind, rows.kind_label)),
            (_("Language"), _facet(request, "language", facets.language, str)),
            (_("Pathway"), _facet(request, "pathway", facets.pathway, rows.pathway_label)),
        ],
        "query": _without(request, "page"),
        "manages": _manages(request, network),
    }


def _facet(
    request: HttpRequest, name: str, counts: list[tuple[str, int]], label: Callable[[str], str]
) -> list[FacetRow]:
    """Each value of a facet as a link that chooses it (or, chosen, takes it back)."""
    chosen = request.GET.get(name, "")
    found = []
    for value, count in counts:
        query = request.GET.copy()
        query.pop("page", None)
        picked = value.casefold() == chosen.strip().casefold()  # filters take any case
        query[name] = "" if picked else value
        found.append(FacetRow(label(value), count, query.urlencode(), picked))
    return found


def _without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _manages(request: HttpRequest, network: Network) -> bool:
    return permissions.is_network_admin(request.user, network)


@login_required
@require_GET
def catalogue(request: HttpRequest, network: str) -> HttpResponse:
    """Search in any language, with facets by kind, language and pathway."""
    place = catalogue_network_or_404(request.user, network)
    return render(request, "knowledge/catalogue.html", _search(request, place))


@login_required
@require_GET
def policies(request: HttpRequest, network: str) -> HttpResponse:
    """The network's policy database: city, policy, sector, year and instrument."""
    place = catalogue_network_or_404(request.user, network)
    context = _search(request, place, kind=Resource.Kind.POLICY)
    return render(request, "knowledge/policies.html", context)


@login_required
@require_GET
def financing(request: HttpRequest, network: str) -> HttpResponse:
    """Financing opportunities, the open ones by nearest deadline, then those that closed."""
    place = catalogue_network_or_404(request.user, network)
    today = timezone.localdate()
    stored = matching_resources(network=place, query="", kind="financing").prefetch_related("tags")
    found = [(as_core(r), rows.file_row(r, place.slug)) for r in stored]
    found.sort(
        key=lambda pair: (
            pair[0].deadline is not None and pair[0].deadline < today,
            pair[0].deadline is None,
            pair[0].deadline or today,
            pair[0].id,
        )
    )
    context = {
        "network": place,
        "today": today,
        "opportunities": [(r, rows.resource_row(r, file=file)) for r, file in found],
    }
    return render(request, "knowledge/financing.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, network: str) -> HttpResponse:
    """Load the catalogue from a file: checked whole, nothing written unless all of it is right."""
    place = managed_catalogue_or_404(request.user, network)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[tuple[int | None, str | None, str]] = []
    if posted and refused_uploads(request) and not form.is_valid():
        # Too large for the upload handler to keep: the size, not a missing file, is the reason.
        form.errors["file"] = form.error_class([too_large()])
    if posted and form.is_valid():
        try:
            resources = read_upload(form.cleaned_data["file"], vocabulary=catalogue_vocabulary())
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        except core.CatalogueFileError as exc:
            problems = [(p.row, p.column, problem_sentence(p)) for p in exc.problems]
        else:
            name = form.cleaned_data["file"].name or ""
            try:
                loaded = load_catalogue_file(
                    network=place, resources=resources, file_name=name, by=request.user
                )
            except CatalogueFull as full:
                form.add_error("file", str(full))
            else:
                messages.success(
                    request,
                    _(
                        "The catalogue is loaded. New resources: %(added)s; changed: "
                        "%(changed)s; unchanged: %(unchanged)s."
                    )
                    % {
                        "added": number_format(loaded.added),
                        "changed": number_format(loaded.changed),
                        "unchanged": number_format(loaded.unchanged),
                    },
                )
                return redirect("knowledge:manage", network=place.slug)
    context = {
        "network": place,
        "form": form,
        "problems": problems,
        "count": Resource.objects.filter(network=place).count(),
        "columns": core.COLUMNS,
    }
    status = 400 if problems or form.errors else 200
    return render(request, "knowledge/manage.html", context, status=status)


@login_required
@require_GET
def export(request: HttpRequest, network: str, fmt: str) -> HttpResponse:
    """The whole catalogue as CSV or XLSX, in the format it is loaded from."""
    place = managed_catalogue_or_404(request.user, network)
    if fmt not in EXPORT_TYPES:
        raise Http404
    buffer = io.BytesIO()
    core.write_catalogue(core_catalogue(place), buffer, fmt=fmt)
    response = HttpResponse(buffer.getvalue(), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{place.slug}-catalogue.{fmt}"'
    return response


def _resource_or_404(network: Network, key: str) -> Resource:
    found = resource_files.resource_in_network(network, key)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def resource_file(request: HttpRequest, network: str, resource: str) -> FileResponse:
    """A resource's file, for everyone who may search the catalogue."""
    place = catalogue_network_or_404(request.user, network)
    return stored_file(_resource_or_404(place, resource))


@login_required
@require_http_methods(["GET", "POST"])
def attach_file(request: HttpRequest, network: str, resource: str) -> HttpResponse:
    """The secretariat attaches a file to a resource, or replaces its file; the page offers to
    remove it too. The file is held to the evidence files' limits."""
    place = managed_catalogue_or_404(request.user, network)
    found = _resource_or_404(place, resource)
    posted = request.method == "POST"
    form = ResourceFileForm(request.POST if posted else None, request.FILES if posted else None)
    refused = refused_uploads(request)
    if posted and refused and not form.is_valid():
        # Too large for the upload handler to keep: the size, not a missing file, is the reason.
        form.errors["file"] = form.error_class([evidence.too_large(name) for name in refused])
    if posted and form.is_valid():
        try:
            resource_files.attach_file(
                resource=found, upload=form.cleaned_data["file"], by=request.user
            )
        except resource_files.RefusedFile as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("The file is attached."))
            return redirect("knowledge:attach_file", network=place.slug, resource=found.key)
    row = rows.resource_row(as_core(found), file=rows.file_row(found, place.slug))
    context = {"network": place, "resource": found, "row": row, "form": form}
    return render(
        request, "knowledge/resource_file.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def remove_file(request: HttpRequest, network: str, resource: str) -> HttpResponse:
    """The resource without its file; a second submit finds it removed and says so."""
    place = managed_catalogue_or_404(request.user, network)
    found = _resource_or_404(place, resource)
    if resource_files.remove_file(resource=found, by=request.user):
        messages.success(request, _("The file is removed."))
    else:
        messages.info(request, _("The resource has no file (any more)."))
    return redirect("knowledge:attach_file", network=place.slug, resource=found.key)


@login_required
@require_GET
def city_key_areas(request: HttpRequest, city: str) -> HttpResponse:
    """For each key area: recommended resources with their reasons, and the willing peers."""
    place = city_results_or_404(request.user, city)
    found = key_area_help(city=place, languages=[current_language()], today=timezone.localdate())
    context: dict[str, Any] = {"city": place, "found": found}
    if found.round is not None:
        files = rows.file_rows(
            resource_files.resources_with_files(place.network), place.network.slug
        )
        context["key_areas"] = rows.key_area_rows(found, found.round.framework.load(), files)
    return render(request, "knowledge/city.html", context)
