"""Finding networks, cohorts and cities by their address, and a cohort's cities a page at a time.

A lookup returns None when there is nothing at that address; the views answer "not found".
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from stocktake_web.network.models import City, Cohort, Network

CITIES_PER_PAGE = 50
"""Cities per page of a cohort's overview: the page's cost stays flat as a network grows."""


def city_with_network(slug: str) -> City | None:
    """The city at ``slug``, with its network (pages name it)."""
    return City.objects.select_related("network").filter(slug=slug).first()


def network_with_slug(slug: str) -> Network | None:
    return Network.objects.filter(slug=slug).first()


def cohorts_of_network(network: Network) -> list[Cohort]:
    """The network's cohorts, latest first, with the city that chairs each."""
    return list(network.cohorts.select_related("chair"))


def cohort_in_network(network_slug: str, cohort_id: int) -> Cohort | None:
    """The cohort of that id if it belongs to the network at ``network_slug``, else None."""
    found = Cohort.objects.select_related("network", "chair")
    return found.filter(pk=cohort_id, network__slug=network_slug).first()


def cohort_cities_page(cohort: Cohort, number: str | int | None) -> Page[City]:
    """The cohort's cities on page ``number`` (by slug), read now: two queries, the count and
    the page. A missing or malformed number gives the first page, one past the end the last."""
    page = Paginator(cohort.cities.order_by("slug"), CITIES_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    return page
