"""What an index page shows: the rows one may name, the chart of their intervals, the method."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stocktake_web.languages import current_language
from stocktake_web.rankings.domain import CityRank, CohortIndex, method_text
from stocktake_web.rankings.interfaces.chart import rank_chart
from stocktake_web.rankings.interfaces.words import (
    coverage_text,
    hidden_sentence,
    interval_text,
    own_rank_sentence,
    unnamed_sentence,
)


@dataclass(frozen=True)
class IndexRow:
    """One named city of the table: its place and its interval written out."""

    label: str
    place: CityRank
    interval: str

    @property
    def own(self) -> bool:
        return self.place.shared.own


def index_page(index: CohortIndex, *, framework_title: str) -> dict[str, Any]:
    """The template context of an index, shown or hidden, for the secretariat or a city."""
    if index.hidden is not None:
        return {"hidden": hidden_sentence(index, framework_title)}
    lang = current_language()
    rows = [
        IndexRow(place.shared.label(lang, ""), place, interval_text(place)) for place in index.named
    ]
    spec, vary = method_text()
    own = index.own
    return {
        "rows": rows,
        "chart": rank_chart(
            [(row.label, row.place) for row in rows],
            ranked=index.ranked,
            title=_("Rank of each city and the ranks it keeps in %(coverage)s of variations")
            % {"coverage": coverage_text(index)},
        ),
        "coverage": coverage_text(index),
        "own_sentence": own_rank_sentence(index, own) if own is not None else "",
        "unnamed_sentence": unnamed_sentence(index) if index.unnamed else "",
        "ranked": index.ranked,
        "replications": index.replications,
        "replications_shown": number_format(index.replications, force_grouping=True),
        "spec": spec,
        "vary": vary,
    }
