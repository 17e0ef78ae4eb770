"""Who may open the catalogue's pages, on the project's named predicates.

The catalogue is the network's shared knowledge: every signed-in member of the network (its
secretariat, and anyone with a role in one of its cities) may search it; loading and exporting
it is the secretariat's. Anyone else gets "not found", as on every network-wide page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from stocktake_web import permissions
from stocktake_web.network.domain import network_with_slug
from stocktake_web.network.models import Network


def catalogue_network_or_404(user: permissions.AnyUser, slug: str) -> Network:
    """The network of ``slug`` when ``user`` may search its catalogue."""
    network = network_with_slug(slug)
    if network is None:
        raise Http404
    permissions.authorize_network(user, allowed=permissions.is_network_member(user, network))
    return network


def managed_catalogue_or_404(user: permissions.AnyUser, slug: str) -> Network:
    """The network of ``slug`` when ``user`` is of its secretariat: a member gets 403."""
    network = catalogue_network_or_404(user, slug)
    if not permissions.is_network_admin(user, network):
        raise PermissionDenied
    return network
