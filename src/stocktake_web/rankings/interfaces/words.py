"""A rank and its interval in plain words, in the reader's language, and why an index is hidden.

A city reads "your rank stays between 3 and 5 in 95 % of reasonable variations of weights and
normalisation"; when both ends are the same rank the sentence says the rank is that one, never
"between 1 and 1".
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stocktake_web.network.domain.consent import COHORT_MINIMUM, Audience
from stocktake_web.rankings.domain import CityRank, CohortIndex, Hidden
from stocktake_web.rankings.domain.index import MINIMUM_RANKED


def coverage_text(index: CohortIndex) -> str:
    """The share of variations, as the reader writes a percentage ("95 %")."""
    return _("%(share)s %%") % {"share": number_format(round(index.coverage * 100))}


def own_rank_sentence(index: CohortIndex, place: CityRank) -> str:
    """The city's rank and where it stays, addressed to the city."""
    if place.rank is None:
        return _(
            "Your city answered no indicator the index can score in this round, so it has no rank."
        )
    ranks = ngettext(
        "Your city ranks %(rank)s of %(count)s city in the cohort index.",
        "Your city ranks %(rank)s of %(count)s cities in the cohort index.",
        index.ranked,
    ) % {"rank": place.rank, "count": index.ranked}
    return f"{ranks} {_interval_sentence(index, place)}"


def _interval_sentence(index: CohortIndex, place: CityRank) -> str:
    values = {"low": place.low, "high": place.high, "coverage": coverage_text(index)}
    if place.steady:
        return (
            _(
                "Your rank is %(low)s in %(coverage)s of reasonable variations of weights and "
                "normalisation."
            )
            % values
        )
    return (
        _(
            "Your rank stays between %(low)s and %(high)s in %(coverage)s of reasonable "
            "variations of weights and normalisation."
        )
        % values
    )


def interval_text(place: CityRank) -> str:
    """The interval in a table cell: "3 to 5", or "3" when it is one rank."""
    if place.low is None:
        return _("no rank")
    if place.steady:
        return str(place.low)
    return _("%(low)s to %(high)s") % {"low": place.low, "high": place.high}


def unnamed_sentence(index: CohortIndex) -> str:
    """How many cities are ranked without being named to the reader."""
    return ngettext(
        "%(count)s other city is counted in the ranks without being named.",
        "%(count)s other cities are counted in the ranks without being named.",
        index.unnamed,
    ) % {"count": index.unnamed}


def hidden_sentence(index: CohortIndex, framework_title: str) -> str:
    """Why there is no index to show, in a sentence a person can act on."""
    if index.hidden is Hidden.NOT_RANKABLE:
        return _(
            "%(framework)s is not meant to rank cities: each city compares its results with "
            "its own earlier rounds over time, never with the other cities' ranks. See the "
            "progress between rounds instead."
        ) % {"framework": framework_title}
    if index.hidden is Hidden.NO_ROUNDS:
        return _(
            "No city of this cohort has a signed-off round on %(framework)s yet; the index "
            "appears once rounds are signed off."
        ) % {"framework": framework_title}
    count = index.shared.contributing
    if index.shared.audience is Audience.CITY and count < COHORT_MINIMUM:
        return ngettext(
            "The index is not shown: only %(count)s city of the cohort shares its results on "
            "this framework, and a ranking among fewer than %(minimum)s cities would let a "
            "city work out the others' results.",
            "The index is not shown: only %(count)s cities of the cohort share their results "
            "on this framework, and a ranking among fewer than %(minimum)s cities would let a "
            "city work out the others' results.",
            count,
        ) % {"count": count, "minimum": COHORT_MINIMUM}
    return _(
        "A ranking needs at least %(minimum)s cities with a signed-off round on this "
        "framework; only one city of this cohort has one."
    ) % {"minimum": MINIMUM_RANKED}
