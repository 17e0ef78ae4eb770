"""Whether assessments hang on a place, which then keeps its rounds and is not deleted."""

from __future__ import annotations

from django.db.models import Model

from stocktake_web.assessments.models import Round
from stocktake_web.network.models import City, Department, Network


def is_assessed(place: Model) -> bool:
    """Whether rounds hang on ``place`` (or, for a department, indicators assigned to it); one
    query. Any other kind of object has none."""
    if isinstance(place, Network):
        return Round.objects.filter(city__network=place).exists()
    if isinstance(place, City):
        return place.rounds.exists()
    if isinstance(place, Department):
        return place.assignments.exists()
    return False
