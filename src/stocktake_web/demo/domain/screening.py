"""A labelled demonstration screening: fictional candidate solutions scored by three departments.

Built through the screening's domain functions, as a coordinator and the panel would on the
pages: the chair city's coordinator starts the screening on the network's default criteria for
the city's latest signed-off round, adds four fictional candidates each linked to two of the
round's key areas, invites three departments, each department scores every candidate (a seeded
draw around a quality of each candidate, so that departments disagree a little), and the
coordinator sends the best candidate on to the workshop planner.
"""

from __future__ import annotations

import numpy as np

from stocktake_web.assessments.models import Round
from stocktake_web.demo.domain.rounds import CityStaff
from stocktake_web.network.models import City
from stocktake_web.screening.domain.results import key_areas_of, priorities_only, screening_results
from stocktake_web.screening.domain.screenings import (
    add_solution,
    create_screening,
    save_sheet,
    send_to_planner,
    set_panel,
)
from stocktake_web.screening.models import Screening

TITLE = "Demonstration screening: candidate solutions for our key areas (fictional)"
CANDIDATES: tuple[tuple[str, str, float], ...] = (
    (
        "Cool roofs on public schools (fictional)",
        "Reflective roofs and shade on every public school within three years.",
        4.2,
    ),
    (
        "Bus rapid transit corridor (fictional)",
        "A dedicated bus corridor linking the port district to the new housing areas.",
        3.8,
    ),
    (
        "Community solar cooperative (fictional)",
        "Residents co-own rooftop solar on municipal buildings and share the income.",
        3.4,
    ),
    (
        "Smart parking sensors (fictional)",
        "Sensors that guide drivers to free parking spaces.",
        2.2,
    ),
)
"""Name, description and the candidate's underlying quality on a 1–5 scale."""
PANEL_SIZE = 3


def record_demo_screening(
    *, city: City, round: Round | None, staff: CityStaff, seed: int
) -> Screening:
    """The demonstration screening of ``city`` on ``round``'s key areas, scored and sent to the
    planner."""
    rng = np.random.default_rng(seed)
    screening = create_screening(
        city=city, title=TITLE, round=round, method="topsis", created_by=staff.coordinator
    )
    key_areas = priorities_only(key_areas_of(round))
    for position, (name, description, _quality) in enumerate(CANDIDATES):
        linked = key_areas[position :: len(CANDIDATES)][:2]
        add_solution(
            screening=screening,
            name=name,
            description=description,
            key_areas=[area.indicator for area in linked],
        )
    departments = sorted(staff.departments)[:PANEL_SIZE]
    set_panel(screening=screening, departments=[staff.departments[d] for d in departments])
    qualities = {name: quality for name, _description, quality in CANDIDATES}
    for slug in departments:
        values = {}
        for solution in screening.solutions.all():
            for criterion in screening.criteria.all():
                drawn = qualities[solution.name] + rng.normal(0.0, 0.7)
                score = float(np.clip(np.rint(drawn), 1, 5))
                cost = criterion.code == "cost"
                values[solution.pk, criterion.pk] = 6.0 - score if cost else score
        save_sheet(
            screening=screening,
            department=staff.departments[slug],
            values=values,
            by=staff.respondents[slug],
        )
    best = screening_results(screening, method=screening.method).rows[0].solution
    send_to_planner(screening=screening, chosen=[best], by=staff.coordinator)
    return screening
