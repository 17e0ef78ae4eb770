"""Resources for a key area: on the subject first, then ranked by documented points."""

from __future__ import annotations

import datetime

from stocktake.frameworks import get_framework
from stocktake.knowledge import KeyArea, Resource, Vocabulary, recommend
from stocktake.priorities import rank_priorities

VOCABULARY = Vocabulary.of([get_framework("issa-36")])
AREA = KeyArea("ENV-09", rank=1, support=("technical_assistance",))


def _resource(key: str, **values: object) -> Resource:
    values.setdefault("kind", "guide")
    return Resource(id=key, title={"en": key}, **values)  # type: ignore[arg-type]


def test_reasons_add_up_and_order_the_resources() -> None:
    tagged = _resource("tagged", indicators=("ENV-09",), languages=("ja",))
    pathway = _resource("pathway", pathways=("resilient",), year=2025)
    peer = _resource(
        "peer",
        kind="policy",
        city="lanwan",
        sdg_targets=("11.5",),
        support=("technical_assistance",),
    )
    off_subject = _resource("off", support=("technical_assistance",), languages=("ja",))

    found = recommend(
        [pathway, off_subject, peer, tagged],
        [AREA],
        vocabulary=VOCABULARY,
        languages=["ja"],
        peers={"ENV-09": ["Lanwan", "藍灣港市"]},
    )

    chosen = found["ENV-09"]
    assert [(r.resource.id, r.score) for r in chosen] == [
        ("peer", 5),
        ("tagged", 5),
        ("pathway", 1),
    ]
    assert [reason.code for reason in chosen[0].reasons] == ["sdg", "support", "peer"]
    assert chosen[0].reasons[0].params["targets"] == ["11.5"]


def test_a_financing_opportunity_past_its_deadline_is_not_proposed() -> None:
    closed = _resource(
        "closed", kind="financing", indicators=("ENV-09",), deadline=datetime.date(2024, 1, 31)
    )
    open_ = _resource(
        "open", kind="financing", indicators=("ENV-09",), deadline=datetime.date(2024, 2, 1)
    )

    found = recommend(
        [closed, open_], [AREA], vocabulary=VOCABULARY, today=datetime.date(2024, 2, 1)
    )

    assert [r.resource.id for r in found["ENV-09"]] == ["open"]


def test_a_date_on_another_kind_never_hides_it() -> None:
    """Only a financing opportunity closes; a guide with a date (stored before files refused
    one) is still proposed."""
    guide = _resource("guide", indicators=("ENV-09",), deadline=datetime.date(2001, 1, 1))

    found = recommend([guide], [AREA], vocabulary=VOCABULARY, today=datetime.date(2024, 2, 1))

    assert [r.resource.id for r in found["ENV-09"]] == ["guide"]


def test_a_key_area_with_nothing_on_its_subject_gets_an_empty_list() -> None:
    found = recommend([_resource("x", pathways=("circular",))], [AREA], vocabulary=VOCABULARY)

    assert found == {"ENV-09": []}


def test_ties_are_broken_by_year_then_id_and_top_cuts() -> None:
    resources = [
        _resource(key, indicators=("ENV-09",), year=year)
        for key, year in (("b", 2020), ("a", 2020), ("c", None), ("d", 2024))
    ]

    found = recommend(resources, [AREA], vocabulary=VOCABULARY, top=3)

    assert [r.resource.id for r in found["ENV-09"]] == ["d", "a", "b"]


def test_key_areas_come_from_the_priorities_and_their_stored_form() -> None:
    framework = get_framework("issa-36")
    from stocktake.answers import Answer

    answers = [
        Answer(indicator="ENV-09", department="disaster", value=1, support_needed=("finance",))
    ]
    [priority] = rank_priorities(framework, answers)

    assert KeyArea.of(priority) == KeyArea("ENV-09", 1, ("finance",))
    assert KeyArea.of(priority.to_dict()) == KeyArea("ENV-09", 1, ("finance",))
