"""Reading the log: a page of one network's events, for the view that shows them."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from stocktake_web.audit.models import AuditEvent
from stocktake_web.network.models import Network

EVENTS_PER_PAGE = 50
"""Events per page: two queries a page (count and rows), however long the log grows."""


def network_events_page(
    network: Network, *, kind: str, number: str | int | None
) -> Page[AuditEvent]:
    """Page ``number`` of the network's events of ``kind`` (empty: every kind), newest first.

    A number that is not a page gives the first page, one past the end the last, as for every
    other list of the site.
    """
    events = AuditEvent.objects.of_network(network.pk)
    if kind:
        events = events.filter(kind=kind)
    return Paginator(events, EVENTS_PER_PAGE).get_page(number)
