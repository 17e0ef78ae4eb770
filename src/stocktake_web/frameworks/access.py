"""Who may open the framework pages, on the project's named predicates.

A version is seen by whoever may use it (:func:`permissions.can_view_framework_version`);
anyone else gets "not found", as a city's rounds are not confirmed to exist. A draft is its
owner's: a city's coordinator for the city, the secretariat for the network. Others who may see
the city get "forbidden", everyone else "not found".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from stocktake_web import permissions
from stocktake_web.frameworks.domain.versions import Owner
from stocktake_web.frameworks.models import FrameworkDraft, FrameworkVersion
from stocktake_web.network.models import City, Network


def version_or_404(user: permissions.AnyUser, version_id: int) -> FrameworkVersion:
    version = (
        FrameworkVersion.objects.select_related("network", "city", "derived_from", "published_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not permissions.can_view_framework_version(user, version):
        raise Http404
    return version


def draft_or_404(user: permissions.AnyUser, draft_id: int) -> FrameworkDraft:
    """The draft when ``user`` edits for its owner."""
    draft = (
        FrameworkDraft.objects.select_related("network", "city", "base", "updated_by")
        .filter(pk=draft_id)
        .first()
    )
    if draft is None:
        raise Http404
    allowed = permissions.can_edit_framework_draft(user, draft)
    if draft.city is not None:
        permissions.authorize(user, city=draft.city, allowed=allowed)
    else:
        permissions.authorize_network(user, allowed=allowed)
    return draft


def owners_for(user: permissions.AnyUser) -> list[Owner]:
    """The places ``user`` edits frameworks for: the cities they coordinate, the networks whose
    secretariat they are."""
    roles = permissions.roles_of(user)
    cities = City.objects.filter(pk__in=roles.coordinated).select_related("network")
    networks = Network.objects.filter(pk__in=roles.networks).order_by("name")
    return [
        *(Owner(network=city.network, city=city) for city in cities),
        *(Owner(network=network) for network in networks),
    ]


def owners_or_403(user: permissions.AnyUser) -> list[Owner]:
    if not permissions.can_edit_frameworks_somewhere(user):
        raise PermissionDenied
    return owners_for(user)
