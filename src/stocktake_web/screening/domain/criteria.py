"""The network's screening criteria: the default set until the secretariat sets its own.

A network that has saved no criteria screens on the core's default set
(:func:`stocktake.screening.default_criteria`); the secretariat changes weights and directions on
the page, or replaces the whole set with a criteria file in the command line's format. Every
criterion on the web has a scale (the score form's bounds), so a file without ``min`` and ``max``
is refused here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from stocktake import screening as core
from stocktake_web.audit.domain.events import Actor, record_event
from stocktake_web.audit.models import AuditEvent
from stocktake_web.network.models import Network
from stocktake_web.screening.models import CriterionFields, NetworkCriterion


class InvalidCriteriaError(ValueError):
    """The criteria cannot be saved as given; the sentence says why, in the reader's language."""


def core_criterion(row: CriterionFields) -> core.Criterion:
    """A stored criterion as the core's."""
    return core.Criterion(
        id=row.code,
        weight=row.weight,
        direction="cost" if row.direction == "cost" else "benefit",
        scale=(row.scale_min, row.scale_max),
        names=dict(row.name or {}),
    )


def network_criteria(network: Network) -> list[core.Criterion]:
    """The network's saved criteria in order, or the default set when it saved none."""
    saved = [core_criterion(row) for row in NetworkCriterion.objects.filter(network=network)]
    return saved or list(core.default_criteria())


def has_own_criteria(network: Network) -> bool:
    return NetworkCriterion.objects.filter(network=network).exists()


@transaction.atomic
def replace_network_criteria(
    *, network: Network, criteria: Sequence[core.Criterion], by: Actor
) -> list[NetworkCriterion]:
    """Replace the network's whole set (screenings already created keep their own copy).

    Raises
    ------
    InvalidCriteriaError
        A criterion without a scale, or criteria that break a rule of the core.
    """
    try:
        checked = core.check_criteria(criteria)
    except core.ScreeningError as exc:
        raise InvalidCriteriaError(str(exc)) from None
    unscaled = [criterion.id for criterion in checked if criterion.scale is None]
    if unscaled:
        raise InvalidCriteriaError(
            _("Give every criterion a scale (min and max columns); %(codes)s has none.")
            % {"codes": ", ".join(unscaled)}
        )
    NetworkCriterion.objects.filter(network=network).delete()
    rows = NetworkCriterion.objects.bulk_create(
        [_row(network, criterion, position) for position, criterion in enumerate(checked)]
    )
    record_event(
        kind=AuditEvent.Kind.SCREENING_CRITERIA_CHANGED,
        actor=by,
        network_id=network.pk,
        details={
            "criteria": [
                {"code": c.id, "weight": c.weight, "direction": c.direction} for c in checked
            ]
        },
    )
    return rows


def _row(network: Network, criterion: core.Criterion, position: int) -> NetworkCriterion:
    assert criterion.scale is not None  # checked by the caller
    return NetworkCriterion(
        network=network,
        code=criterion.id,
        name=dict(criterion.names) or {"en": criterion.id},
        direction=criterion.direction,
        weight=criterion.weight,
        scale_min=criterion.scale[0],
        scale_max=criterion.scale[1],
        position=position,
    )


def reweigh_network_criteria(
    *, network: Network, weights: Mapping[str, float], directions: Mapping[str, str], by: Actor
) -> list[NetworkCriterion]:
    """New weights and directions for the network's criteria (the default set's, when it has
    none of its own yet), by criterion code."""
    changed = [
        core.Criterion(
            id=c.id,
            weight=weights.get(c.id, c.weight),
            direction="cost" if directions.get(c.id, c.direction) == "cost" else "benefit",
            scale=c.scale,
            names=c.names,
        )
        for c in network_criteria(network)
    ]
    return replace_network_criteria(network=network, criteria=changed, by=by)
