"""The two places most pages start from, found and checked in one call.

A page about a city's results and a page of a cohort for the secretariat each begin the same
way: find the place by its address (404 when there is none) and apply the access rule of
:mod:`stocktake_web.permissions` (404 for a person who may not see it at all, 403 for one who
may see it but not this). Written once here so that every app applies the same rule.
"""

from __future__ import annotations

from django.http import Http404

from stocktake_web import permissions
from stocktake_web.network.domain import city_with_network, cohort_in_network
from stocktake_web.network.models import City, Cohort


def city_results_or_404(user: permissions.AnyUser, slug: str) -> City:
    """The city of ``slug``, when ``user`` may read its results (coordinator, viewer,
    secretariat)."""
    place = city_with_network(slug)
    if place is None:
        raise Http404
    permissions.authorize(user, city=place, allowed=permissions.can_view_results(user, place))
    return place


def city_dashboard_or_404(user: permissions.AnyUser, slug: str) -> City:
    """The city of ``slug``, when ``user`` may read its dashboard (as for its results, and its
    departments' respondents where the network allows it)."""
    place = city_with_network(slug)
    if place is None:
        raise Http404
    permissions.authorize(
        user, city=place, allowed=permissions.can_view_city_dashboard(user, place)
    )
    return place


def secretariat_cohort_or_404(user: permissions.AnyUser, network: str, cohort: int) -> Cohort:
    """The cohort ``cohort`` of ``network``, when ``user`` is of that network's secretariat."""
    group = cohort_in_network(network, cohort)
    if group is None:
        raise Http404
    permissions.authorize_network(user, allowed=permissions.can_view_cohort(user, group))
    return group
