"""Innovation screening on the web: a coordinator's screening, a panel of three departments,
their score sheets, the ranking with its stability, the exports, the network's criteria and the
workshop planner.

Alice (Harbour City's coordinator) runs the screening; Bob (environment), Bea (planning) and
Tom (transport, added here) score; Sam's secretariat keeps the criteria and plans workshops.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from stocktake.screening import ScreeningFileError, read_criteria
from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.models import Round
from stocktake_web.audit.models import AuditEvent
from stocktake_web.network.domain import add_department
from stocktake_web.network.models import Department, Network
from stocktake_web.screening.domain.criteria import network_criteria
from stocktake_web.screening.domain.planner import sent_topics
from stocktake_web.screening.domain.results import screening_results
from stocktake_web.screening.domain.screenings import (
    InvalidScreeningError,
    add_solution,
    create_screening,
    save_sheet,
    send_to_planner,
    set_panel,
)
from stocktake_web.screening.interfaces.exports import SCORE_COLUMNS
from stocktake_web.screening.interfaces.upload import problem_sentence
from stocktake_web.screening.models import (
    NetworkCriterion,
    Screening,
    Solution,
    SolutionScore,
)

from .conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://attacker.example/","Click")'
SCORES = {
    # department: {solution: score on every criterion of the default set (1-5; cost is a cost)}
    "environment": {"Bus lanes": 5, "Green roofs": 3, "Street lights": 2},
    "planning": {"Bus lanes": 4, "Green roofs": 4, "Street lights": 2},
    "transport": {"Bus lanes": 5, "Green roofs": 3, "Street lights": 1},
}


@pytest.fixture
def transport(cast: Cast) -> Department:
    return add_department(city=cast.harbour, slug="transport", name={"en": "Transport"})


@pytest.fixture
def tom(transport: Department) -> User:
    user = create_account(username="tom", password=PASSWORD)
    grant_role(user=user, kind=Role.Kind.RESPONDENT, department=transport)
    return user


@pytest.fixture
def screening(cast: Cast, transport: Department) -> Screening:
    made = create_screening(
        city=cast.harbour,
        title="Mobility ideas",
        round=cast.round,
        method="topsis",
        created_by=cast.alice,
    )
    for name in SCORES["environment"]:
        add_solution(screening=made, name=name, key_areas=[])
    set_panel(screening=made, departments=[cast.environment, cast.planning, transport])
    return made


def _cells(screening: Screening, by_solution: dict[str, float]) -> dict[tuple[int, int], float]:
    """Every criterion of a solution scored alike, except cost, scored 6 - score."""
    cells = {}
    for solution in screening.solutions.all():
        for criterion in screening.criteria.all():
            value = by_solution[solution.name]
            cells[solution.pk, criterion.pk] = 6 - value if criterion.code == "cost" else value
    return cells


def _score_all(cast: Cast, screening: Screening, transport: Department, tom: User) -> None:
    people = {"environment": cast.bob, "planning": cast.bea, "transport": tom}
    departments = {"environment": cast.environment, "planning": cast.planning}
    departments["transport"] = transport
    for slug, by_solution in SCORES.items():
        save_sheet(
            screening=screening,
            department=departments[slug],
            values=_cells(screening, by_solution),
            by=people[slug],
        )


def _form_data(screening: Screening, by_solution: dict[str, float]) -> dict[str, str]:
    return {
        f"score-{solution}-{criterion}": str(value)
        for (solution, criterion), value in _cells(screening, by_solution).items()
    }


def test_a_screening_copies_the_networks_default_criteria(cast: Cast) -> None:
    made = create_screening(
        city=cast.harbour, title="Ideas", round=None, method="wsm", created_by=cast.alice
    )

    codes = list(made.criteria.values_list("code", flat=True))
    assert codes == [
        "key_areas",
        "emissions",
        "co_benefits",
        "equity",
        "cost",
        "readiness",
        "capacity",
    ]
    assert made.criteria.get(code="cost").direction == "cost"


def test_a_coordinator_creates_a_screening_on_the_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("screening:city", args=["harbour"]),
        {"title": "Heat ideas", "round": cast.round.pk, "method": "promethee"},
    )

    made = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:detail", args=[made.pk])
    assert (made.city, made.round, made.method, made.created_by) == (
        cast.harbour,
        cast.round,
        "promethee",
        cast.alice,
    )


def test_a_round_of_another_city_is_refused(cast: Cast) -> None:
    with pytest.raises(InvalidScreeningError):
        create_screening(
            city=cast.harbour, title="x", round=cast.hill_round, method="wsm", created_by=cast.alice
        )


def test_a_candidate_is_linked_to_the_key_areas_it_addresses(
    cast: Cast, client: Client, screening: Screening
) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("screening:solution_new", args=[screening.pk]),
        {"name": "Cool pavements", "description": "Reflective surfaces"},
    )

    assert response.status_code == 302
    solution = screening.solutions.get(name="Cool pavements")
    assert solution.description == "Reflective surfaces"


def test_a_candidate_named_twice_is_a_form_error(
    cast: Cast, client: Client, screening: Screening
) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("screening:solution_new", args=[screening.pk]), {"name": "Bus lanes"}
    )

    assert response.status_code == 400
    assert "There is a candidate called Bus lanes already." in response.content.decode()


def test_a_name_typed_decomposed_is_the_candidate_already_there(
    cast: Cast, client: Client, screening: Screening
) -> None:
    client.force_login(cast.alice)
    new = reverse("screening:solution_new", args=[screening.pk])
    client.post(new, {"name": "Caf\u00e9 tram"})

    for look_alike in ("Cafe\u0301 tram", "Caf\u00e9 tram\u200b", "Ｃａｆé tram", "Café  tram"):
        response = client.post(new, {"name": look_alike})
        assert response.status_code == 400, look_alike

    assert list(
        screening.solutions.filter(name__startswith="Caf").values_list("name", flat=True)
    ) == ["Caf\u00e9 tram"]


def test_a_respondent_saves_the_departments_sheet_and_a_second_save_changes_nothing(
    cast: Cast, client: Client, screening: Screening
) -> None:
    client.force_login(cast.bob)
    url = reverse("screening:sheet", args=[screening.pk, "environment"])
    data = _form_data(screening, SCORES["environment"])

    first = client.post(url, data)
    second = client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    stored = SolutionScore.objects.filter(department=cast.environment)
    assert stored.count() == 3 * 7
    bus = Solution.objects.get(name="Bus lanes")
    assert stored.get(solution=bus, criterion__code="emissions").value == 5.0


def test_a_score_off_the_scale_is_refused_and_nothing_is_saved(
    cast: Cast, client: Client, screening: Screening
) -> None:
    client.force_login(cast.bob)
    data = _form_data(screening, SCORES["environment"])
    first_cell = next(iter(data))
    data[first_cell] = "9"

    response = client.post(reverse("screening:sheet", args=[screening.pk, "environment"]), data)

    assert response.status_code == 400
    assert "less than or equal to 5" in response.content.decode()
    assert not SolutionScore.objects.exists()


def test_the_domain_refuses_a_score_off_the_scale(cast: Cast, screening: Screening) -> None:
    solution = screening.solutions.first()
    criterion = screening.criteria.first()
    assert solution is not None and criterion is not None

    with pytest.raises(InvalidScreeningError, match="from 1 to 5"):
        save_sheet(
            screening=screening,
            department=cast.environment,
            values={(solution.pk, criterion.pk): 0.0},
            by=cast.bob,
        )


def test_a_department_off_the_panel_has_no_sheet(cast: Cast, screening: Screening) -> None:
    set_panel(screening=screening, departments=[cast.planning])

    with pytest.raises(InvalidScreeningError, match="not on the screening's panel"):
        save_sheet(screening=screening, department=cast.environment, values={}, by=cast.bob)


def test_the_ranking_waits_for_every_pair_and_names_the_missing(
    cast: Cast, screening: Screening
) -> None:
    results = screening_results(screening, method="topsis")

    assert not results.ready
    assert len(results.missing) == 3 * 7
    assert results.missing[0].solution.name == "Bus lanes"


def test_three_departments_scores_rank_the_candidates(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    client.force_login(cast.alice)

    response = client.get(reverse("screening:detail", args=[screening.pk]) + "?method=wsm")

    results = screening_results(screening, method="wsm")
    assert [(row.solution.name, row.rank) for row in results.rows] == [
        ("Bus lanes", 1),
        ("Green roofs", 2),
        ("Street lights", 3),
    ]
    # medians 5, 3 and 2 on every criterion (cost 1, 3, 4): (5-1)/4 = 1 for bus lanes
    assert results.rows[0].score == pytest.approx(1.0)
    assert results.leader_share == 1.0
    assert results.agreement is not None and results.agreement.scorers == (
        "environment",
        "planning",
        "transport",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Agreement between the 3 departments" in page
    assert "always 1" in page


def test_the_exports_are_ranked_and_safe_to_open(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    Solution.objects.filter(name="Street lights").update(name=PAYLOAD)
    _score_all_by_position(cast, screening, transport, tom)
    client.force_login(cast.alice)

    csv_response = client.get(reverse("screening:export", args=[screening.pk, "csv"]))
    xlsx_response = client.get(reverse("screening:export", args=[screening.pk, "xlsx"]))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["rank", "solution", "score"]
    assert [row[1] for row in rows[1:]] == ["Bus lanes", "Green roofs", "'" + PAYLOAD]
    workbook = load_workbook(io.BytesIO(xlsx_response.content))
    cell = workbook["Ranking"]["B4"]
    assert (cell.value, cell.data_type) == ("'" + PAYLOAD, "s")
    assert workbook["Scores"].max_row == 1 + 3 * 7 * 3
    assert csv_response["Content-Disposition"].startswith('attachment; filename="harbour-screening')


def test_the_workbook_holds_the_weights_and_a_partly_scored_sheet(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    SolutionScore.objects.filter(department=transport).first().delete()  # type: ignore[union-attr]
    Network.objects.filter(pk=cast.network.pk).update(time_zone="Asia/Taipei")
    client.force_login(cast.alice)

    response = client.get(reverse("screening:export", args=[screening.pk, "xlsx"]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ranking", "Criteria", "Panel", "Scores"]
    criteria = list(workbook["Criteria"].iter_rows(values_only=True))
    assert criteria[0][:5] == ("criterion", "name", "direction", "weight", "weight_share")
    stored = {c.code: c for c in screening.criteria.all()}
    total = sum(c.weight for c in stored.values())
    for code, _name, direction, weight, share, *_rest in criteria[1:]:
        assert (direction, weight) == (stored[code].direction, stored[code].weight)
        assert share == pytest.approx(stored[code].weight / total, abs=1e-4)
    panel_rows = list(workbook["Panel"].iter_rows(min_row=2, values_only=True))
    assert all(str(row[4]).endswith("+08:00") for row in panel_rows)  # the network's zone
    panel = {row[0]: row[2:4] for row in panel_rows}
    assert panel == {"environment": (21, 21), "planning": (21, 21), "transport": (20, 21)}
    scores = workbook["Scores"]
    assert [cell.value for cell in scores[1]] == list(SCORE_COLUMNS)
    assert scores["E2"].value == "Environment"


def _score_all_by_position(
    cast: Cast, screening: Screening, transport: Department, tom: User
) -> None:
    """As :func:`_score_all`, with the third candidate whatever its name now is."""
    names = list(screening.solutions.values_list("name", flat=True))
    for slug, person, department in (
        ("environment", cast.bob, cast.environment),
        ("planning", cast.bea, cast.planning),
        ("transport", tom, transport),
    ):
        values = list(SCORES[slug].values())
        save_sheet(
            screening=screening,
            department=department,
            values=_cells(screening, dict(zip(names, values, strict=True))),
            by=person,
        )


def test_an_export_before_every_score_says_so(
    cast: Cast, client: Client, screening: Screening
) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("screening:export", args=[screening.pk, "csv"]), follow=True)

    assert "There is no ranking to export yet" in response.content.decode()


def test_an_export_is_in_the_audit_log_naming_the_screening_and_its_city(
    cast: Cast, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    _signed_in(cast.alice).get(reverse("screening:export", args=[screening.pk, "xlsx"]))

    log = _signed_in(cast.sam).get(reverse("audit:log", args=["east"])).content.decode()

    assert "screening.xlsx of the screening “Mobility ideas” of Harbour City" in log


def _bus_on_e1_fully_scored(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> Solution:
    """Bus lanes addresses E1; every department has scored; Alice is signed in."""
    bus = screening.solutions.get(name="Bus lanes")
    bus.key_areas.create(indicator="E1")
    _score_all(cast, screening, transport, tom)
    client.force_login(cast.alice)
    return bus


def test_sending_to_the_planner_shows_the_key_areas_to_the_secretariat(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    bus = _bus_on_e1_fully_scored(cast, client, screening, transport, tom)

    response = client.post(
        reverse("screening:planner", args=[screening.pk]), {"chosen": [str(bus.pk)]}
    )

    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.sent_to_planner_by == cast.alice
    assert list(screening.solutions.filter(chosen=True)) == [bus]
    client.force_login(cast.sam)
    plan = client.get(reverse("peers:plan", args=["east", cast.cohort.pk]))
    page = plan.content.decode()
    assert "Key areas sent by city screenings" in page
    assert "Bus lanes" in page and "E1" in page


def test_the_secretariat_loads_criteria_from_a_file(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    content = (
        "criterion,weight,direction,min,max,name,name_ja\n"
        "agenda,3,benefit,0,10,Agenda,アジェンダ\n"
        "cost,1,cost,0,10,Cost,費用\n"
    ).encode()

    response = client.post(
        reverse("screening:criteria", args=["east"]),
        {"upload": "1", "file": SimpleUploadedFile("criteria.csv", content)},
    )

    assert response.status_code == 302
    assert [(c.id, c.scale, c.names.get("ja")) for c in network_criteria(cast.network)] == [
        ("agenda", (0.0, 10.0), "アジェンダ"),
        ("cost", (0.0, 10.0), "費用"),
    ]


def test_a_bad_criteria_file_is_refused_with_its_row_and_column(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    content = b"criterion,weight,direction,min,max\nagenda,heavy,benefit,1,5\n"

    response = client.post(
        reverse("screening:criteria", args=["east"]),
        {"upload": "1", "file": SimpleUploadedFile("criteria.csv", content)},
    )

    assert response.status_code == 400
    assert "“heavy” is not a number. (row 2, column weight)" in response.content.decode()
    assert not NetworkCriterion.objects.exists()


BAD_CRITERIA_FILES = {
    "required": "criterion,weight,direction,min,max\n,1,benefit,1,5\n",
    "missing_number": "criterion,weight,direction,min,max\nq,,benefit,1,5\n",
    "not_a_number": "criterion,weight,direction,min,max\nq,heavy,benefit,1,5\n",
    "underscore": "criterion,weight,direction,min,max\nq,1_000,benefit,1,5\n",
    "other_digits": "criterion,weight,direction,min,max\nq,٣,benefit,1,5\n",
    "too_large_number": "criterion,weight,direction,min,max\nq,1e400,benefit,1,5\n",
    "too_many_digits": f"criterion,weight,direction,min,max\nq,{'9' * 400},benefit,1,5\n",
    "negative_weight": "criterion,weight,direction,min,max\nq,-1,benefit,1,5\n",
    "too_large": "criterion,weight,direction,min,max\nq,1e16,benefit,1,5\n",
    "bad_direction": "criterion,weight,direction,min,max\nq,1,max,1,5\n",
    "half_scale": "criterion,weight,direction,min,max\nq,1,benefit,1,\n",
    "scale_order": "criterion,weight,direction,min,max\nq,1,benefit,5,1\n",
    "duplicate": "criterion,weight,direction,min,max\nq,1,benefit,1,5\nq,1,cost,1,5\n",
    "no_rows": "criterion,weight,direction,min,max\n",
    "zero_weights": "criterion,weight,direction,min,max\nq,0,benefit,1,5\n",
    "missing_column": "criterion,direction\nq,benefit\n",
    "unknown_column": "criterion,weight,direction,colour\nq,1,benefit,red\n",
}


@pytest.mark.parametrize("code", sorted(BAD_CRITERIA_FILES))
def test_a_bad_criteria_file_is_told_in_the_readers_language(
    cast: Cast, client: Client, tmp_path: Path, code: str
) -> None:
    """Each problem the core names by a code is said in Japanese, none in the core's English."""
    path = tmp_path / "criteria.csv"
    path.write_text(BAD_CRITERIA_FILES[code], encoding="utf-8")
    with pytest.raises(ScreeningFileError) as refused:
        read_criteria(path)
    assert refused.value.code == code
    client.force_login(cast.sam)
    client.post(reverse("set_language"), {"language": "ja"})

    response = client.post(
        reverse("screening:criteria", args=["east"]),
        {"upload": "1", "file": SimpleUploadedFile("criteria.csv", path.read_bytes())},
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    with translation.override("en"):
        english = problem_sentence(refused.value)
    with translation.override("ja"):
        japanese = problem_sentence(refused.value)
    assert japanese != english and japanese in page
    assert refused.value.detail not in page and english not in page
    if refused.value.row is not None:
        assert f"{refused.value.row} 行目" in page
    assert not NetworkCriterion.objects.exists()


def test_a_criteria_file_without_scales_is_refused(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    content = b"criterion,weight,direction\nagenda,1,benefit\n"

    response = client.post(
        reverse("screening:criteria", args=["east"]),
        {"upload": "1", "file": SimpleUploadedFile("criteria.csv", content)},
    )

    assert "Give every criterion a scale" in response.content.decode()


def test_the_secretariat_changes_weights_and_directions(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    data = {"weights": "1"}
    for criterion in network_criteria(cast.network):
        data[f"weight-{criterion.id}"] = "1"
        data[f"direction-{criterion.id}"] = criterion.direction
    data["direction-readiness"] = "cost"

    response = client.post(reverse("screening:criteria", args=["east"]), data)

    assert response.status_code == 302
    saved = {c.id: (c.weight, c.direction) for c in network_criteria(cast.network)}
    assert saved["key_areas"] == (1.0, "benefit")
    assert saved["readiness"] == (1.0, "cost")


def test_all_weights_zero_is_a_form_error(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    data = {"weights": "1"}
    for criterion in network_criteria(cast.network):
        data[f"weight-{criterion.id}"] = "0"
        data[f"direction-{criterion.id}"] = criterion.direction

    response = client.post(reverse("screening:criteria", args=["east"]), data)

    assert "Give at least one criterion a weight above 0." in response.content.decode()
    assert not NetworkCriterion.objects.exists()


def test_a_weight_too_large_to_rank_is_a_form_error(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)
    data = {"weights": "1"}
    for criterion in network_criteria(cast.network):
        data[f"weight-{criterion.id}"] = "1e308"
        data[f"direction-{criterion.id}"] = criterion.direction

    response = client.post(reverse("screening:criteria", args=["east"]), data)

    assert response.status_code == 400
    assert "Write a smaller weight: at most 10^15." in response.content.decode()
    assert not NetworkCriterion.objects.exists()


def test_the_criteria_file_downloads_and_loads_back(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    downloaded = client.get(reverse("screening:criteria_file", args=["east"]))
    response = client.post(
        reverse("screening:criteria", args=["east"]),
        {"upload": "1", "file": SimpleUploadedFile("criteria.csv", downloaded.content)},
    )

    assert response.status_code == 302
    assert network_criteria(cast.network)[0].names["ja"] == "市の重点発展分野への貢献"


def test_a_respondent_lists_only_the_screenings_their_department_scores(
    cast: Cast, client: Client, screening: Screening
) -> None:
    other = create_screening(
        city=cast.harbour, title="Not for Bob", round=None, method="wsm", created_by=cast.alice
    )
    set_panel(screening=other, departments=[cast.planning])
    client.force_login(cast.bob)

    page = client.get(reverse("screening:city", args=["harbour"])).content.decode()

    assert "Mobility ideas" in page and "Not for Bob" not in page
    assert reverse("screening:sheet", args=[screening.pk, "environment"]) in page


def test_the_screening_page_costs_the_same_queries_for_more_candidates(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all_by_position(cast, screening, transport, tom)
    client.force_login(cast.alice)
    url = reverse("screening:detail", args=[screening.pk])
    client.get(url)  # the session and the roles are read once
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    for name in ("Cycle paths", "Heat shelters", "Rain gardens", "Tree cover"):
        add_solution(screening=screening, name=name, key_areas=["E1"])
    SCORES_MORE = {slug: [*scores.values(), 3, 3, 4, 2] for slug, scores in SCORES.items()}
    people = {"environment": cast.bob, "planning": cast.bea, "transport": tom}
    departments = {"environment": cast.environment, "planning": cast.planning}
    departments["transport"] = transport
    names = list(screening.solutions.values_list("name", flat=True))
    for slug, values in SCORES_MORE.items():
        by_solution = dict(zip(names, values, strict=True))
        save_sheet(
            screening=screening,
            department=departments[slug],
            values=_cells(screening, by_solution),
            by=people[slug],
        )

    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)

    assert response.status_code == 200
    assert len(seven) == len(three)


# -- two people of one department on one sheet ---------------------------------------------------


@pytest.fixture
def erin(cast: Cast) -> User:
    """A second respondent of Harbour City's environment department, beside Bob."""
    user = create_account(username="erin", password=PASSWORD)
    grant_role(user=user, kind=Role.Kind.RESPONDENT, department=cast.environment)
    return user


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opened_sheet(client: Client, screening: Screening) -> dict[str, str]:
    """The sheet's fields as the page shows them: what a browser would send back unchanged."""
    response = client.get(reverse("screening:sheet", args=[screening.pk, "environment"]))
    assert response.status_code == 200
    form = response.context["form"]
    shown = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else str(value) for name, value in shown.items()}


def _cell(screening: Screening, solution: str, criterion: str) -> str:
    found = screening.solutions.get(name=solution)
    return f"score-{found.pk}-{screening.criteria.get(code=criterion).pk}"


def _stored_value(screening: Screening, solution: str, criterion: str) -> float | None:
    found = SolutionScore.objects.filter(
        solution__screening=screening,
        solution__name=solution,
        criterion__code=criterion,
        department__slug="environment",
    ).first()
    return None if found is None else found.value


def test_two_colleagues_saving_different_cells_keep_both(
    cast: Cast, screening: Screening, erin: User
) -> None:
    bob, erin_client = _signed_in(cast.bob), _signed_in(erin)
    url = reverse("screening:sheet", args=[screening.pk, "environment"])
    bobs, erins = _opened_sheet(bob, screening), _opened_sheet(erin_client, screening)

    bobs[_cell(screening, "Bus lanes", "emissions")] = "5"
    erins[_cell(screening, "Green roofs", "equity")] = "2"
    first, second = bob.post(url, bobs), erin_client.post(url, erins)

    assert (first.status_code, second.status_code) == (302, 302)
    assert _stored_value(screening, "Bus lanes", "emissions") == 5.0
    assert _stored_value(screening, "Green roofs", "equity") == 2.0


def test_a_colleagues_newer_value_is_never_put_back_by_an_older_sheet(
    cast: Cast, screening: Screening, erin: User
) -> None:
    save_sheet(
        screening=screening,
        department=cast.environment,
        values={_cell_key(screening, "Bus lanes", "emissions"): 3.0},
        by=cast.bob,
    )
    bob, erin_client = _signed_in(cast.bob), _signed_in(erin)
    url = reverse("screening:sheet", args=[screening.pk, "environment"])
    erins = _opened_sheet(erin_client, screening)  # shows 3
    bobs = _opened_sheet(bob, screening)
    bobs[_cell(screening, "Bus lanes", "emissions")] = "4"
    assert bob.post(url, bobs).status_code == 302

    erins[_cell(screening, "Street lights", "cost")] = "1"  # Erin changes another cell only
    response = erin_client.post(url, erins)

    assert response.status_code == 302
    assert _stored_value(screening, "Bus lanes", "emissions") == 4.0
    assert _stored_value(screening, "Street lights", "cost") == 1.0


def test_both_changing_one_cell_keeps_the_first_and_shows_the_second_her_value(
    cast: Cast, screening: Screening, erin: User
) -> None:
    bob, erin_client = _signed_in(cast.bob), _signed_in(erin)
    url = reverse("screening:sheet", args=[screening.pk, "environment"])
    cell = _cell(screening, "Bus lanes", "emissions")
    other = _cell(screening, "Green roofs", "equity")
    bobs, erins = _opened_sheet(bob, screening), _opened_sheet(erin_client, screening)
    bobs[cell] = "4"
    erins[cell], erins[other] = "2", "5"
    assert bob.post(url, bobs).status_code == 302

    response = erin_client.post(url, erins)

    assert response.status_code == 409
    assert _stored_value(screening, "Bus lanes", "emissions") == 4.0
    assert _stored_value(screening, "Green roofs", "equity") == 5.0  # hers, not in conflict
    form = response.context["form"]
    assert form[cell].value() == "2"  # what she typed is still in the field
    assert "Someone else of your department saved 4 here" in " ".join(form.errors[cell])
    assert 'data-warn-unsaved="pending"' in response.content.decode()

    again = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    assert erin_client.post(url, again).status_code == 302
    assert _stored_value(screening, "Bus lanes", "emissions") == 2.0


def test_a_candidate_added_after_the_sheet_was_opened_keeps_a_colleagues_scores(
    cast: Cast, screening: Screening, erin: User
) -> None:
    erin_client = _signed_in(erin)
    erins = _opened_sheet(erin_client, screening)
    add_solution(screening=screening, name="Cycle paths", key_areas=[])
    save_sheet(
        screening=screening,
        department=cast.environment,
        values={_cell_key(screening, "Cycle paths", "emissions"): 5.0},
        by=cast.bob,
    )
    erins[_cell(screening, "Bus lanes", "equity")] = "3"

    response = erin_client.post(
        reverse("screening:sheet", args=[screening.pk, "environment"]), erins
    )

    assert response.status_code == 302
    assert _stored_value(screening, "Cycle paths", "emissions") == 5.0
    assert _stored_value(screening, "Bus lanes", "equity") == 3.0


@pytest.mark.parametrize("seen", ["", "not json", "[1, 2]", '{"x": "3"}', '{"x": 3}'])
def test_a_sheet_without_a_readable_record_of_what_it_showed_is_saved_whole(
    cast: Cast, client: Client, screening: Screening, seen: str
) -> None:
    client.force_login(cast.bob)
    data = {**_form_data(screening, SCORES["environment"]), "seen": seen}

    response = client.post(reverse("screening:sheet", args=[screening.pk, "environment"]), data)

    assert response.status_code == 302
    assert SolutionScore.objects.filter(department=cast.environment).count() == 3 * 7


def _cell_key(screening: Screening, solution: str, criterion: str) -> tuple[int, int]:
    return (
        screening.solutions.get(name=solution).pk,
        screening.criteria.get(code=criterion).pk,
    )


# -- what is on the workshop planner --------------------------------------------------------------


def test_the_planner_form_shows_and_proposes_what_was_sent(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    roofs = screening.solutions.get(name="Green roofs")
    lights = screening.solutions.get(name="Street lights")
    client.force_login(cast.alice)
    url = reverse("screening:planner", args=[screening.pk])
    assert client.post(url, {"chosen": [str(roofs.pk), str(lights.pk)]}).status_code == 302

    page = client.get(reverse("screening:detail", args=[screening.pk]))

    assert page.context["planner_form"].initial["chosen"] == [str(roofs.pk), str(lights.pk)]
    on_planner = page.content.decode().split('id="on-planner">')[1].split("</p>")[0]
    assert "Green roofs, Street lights" in on_planner and "Bus lanes" not in on_planner
    assert "Replace what is on the planner" in page.content.decode()


def test_taking_a_screening_off_the_planner_twice_is_harmless(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    bus = screening.solutions.get(name="Bus lanes")
    client.force_login(cast.alice)
    url = reverse("screening:planner", args=[screening.pk])
    client.post(url, {"chosen": [str(bus.pk)]})

    first = client.post(url, {"withdraw": "1"}, follow=True)
    second = client.post(url, {"withdraw": "1"})

    assert second.status_code == 302
    screening.refresh_from_db()
    assert screening.sent_to_planner_at is None
    assert not screening.solutions.filter(chosen=True).exists()
    assert "no longer on the workshop planner" in first.content.decode()
    kinds = AuditEvent.objects.filter(kind=AuditEvent.Kind.SCREENING_SENT_TO_PLANNER)
    assert [e.details["solutions"] for e in kinds.order_by("pk")] == [["Bus lanes"], []]
    assert not sent_topics(cast.cohort)


def test_a_screening_of_a_training_round_is_never_on_the_planner(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    bus = _bus_on_e1_fully_scored(cast, client, screening, transport, tom)
    url = reverse("screening:planner", args=[screening.pk])
    assert client.post(url, {"chosen": [str(bus.pk)]}).status_code == 302
    assert [topic.indicator for topic in sent_topics(cast.cohort)] == ["E1"]

    Round.objects.filter(pk=cast.round.pk).update(is_training=True)
    screening.refresh_from_db()

    assert sent_topics(cast.cohort) == []  # sent before the round was marked: left out now
    refused = client.post(url, {"chosen": [str(bus.pk)]}, follow=True).content.decode()
    assert "serves a training round" in refused
    with pytest.raises(InvalidScreeningError, match="training round"):
        send_to_planner(screening=screening, chosen=[bus], by=cast.alice)


TRAINING_BANNER = "Training round — not counted in any network result"


def test_a_screening_of_a_training_round_is_labelled_on_its_pages_and_files(
    cast: Cast, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    Round.objects.filter(pk=cast.round.pk).update(is_training=True)
    coordinator, viewer, respondent = (_signed_in(u) for u in (cast.alice, cast.sam, cast.bob))

    pages = [
        coordinator.get(reverse("screening:detail", args=[screening.pk])),
        viewer.get(reverse("screening:detail", args=[screening.pk])),
        respondent.get(reverse("screening:sheet", args=[screening.pk, "environment"])),
    ]
    listed = coordinator.get(reverse("screening:city", args=["harbour"])).content.decode()
    csv_file = coordinator.get(reverse("screening:export", args=[screening.pk, "csv"]))
    workbook = coordinator.get(reverse("screening:export", args=[screening.pk, "xlsx"]))

    for page in pages:
        assert page.status_code == 200
        assert TRAINING_BANNER in page.content.decode()
    assert ">Training</span>" in listed
    for made in (csv_file, workbook):
        assert f"harbour-screening-{screening.pk}-training-topsis." in made["Content-Disposition"]
    title = load_workbook(io.BytesIO(workbook.content)).properties.title
    assert title == f"{TRAINING_BANNER}: Mobility ideas · topsis"


def test_a_counted_rounds_screening_carries_no_training_label(
    cast: Cast, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    coordinator = _signed_in(cast.alice)

    page = coordinator.get(reverse("screening:detail", args=[screening.pk])).content.decode()
    listed = coordinator.get(reverse("screening:city", args=["harbour"])).content.decode()
    made = coordinator.get(reverse("screening:export", args=[screening.pk, "csv"]))

    assert TRAINING_BANNER not in page and ">Training</span>" not in listed
    assert "-training" not in made["Content-Disposition"]


# -- changes that delete scores ask first ----------------------------------------------------------


def test_removing_a_scored_candidate_asks_first_and_says_what_is_lost(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    roofs = screening.solutions.get(name="Green roofs")
    client.force_login(cast.alice)
    url = reverse("screening:solution_remove", args=[screening.pk, roofs.pk])

    asked = client.post(url)

    assert asked.status_code == 200
    assert Solution.objects.filter(pk=roofs.pk).exists()
    lost = asked.content.decode().split('id="scores-lost"')[1].split("</div>")[0]
    assert "Environment: 7 scores" in lost and "Transport: 7 scores" in lost
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not Solution.objects.filter(pk=roofs.pk).exists()
    assert client.post(url, {"confirmed": "1"}).status_code == 404  # a second click


def test_removing_an_unscored_candidate_needs_no_question(
    cast: Cast, client: Client, screening: Screening
) -> None:
    roofs = screening.solutions.get(name="Green roofs")
    client.force_login(cast.alice)

    response = client.post(reverse("screening:solution_remove", args=[screening.pk, roofs.pk]))

    assert response.status_code == 302
    assert not Solution.objects.filter(pk=roofs.pk).exists()


def test_taking_a_scored_department_off_the_panel_asks_first(
    cast: Cast, client: Client, screening: Screening, transport: Department, tom: User
) -> None:
    _score_all(cast, screening, transport, tom)
    client.force_login(cast.alice)
    url = reverse("screening:panel", args=[screening.pk])
    keep = {"departments": [str(cast.environment.pk), str(cast.planning.pk)]}

    asked = client.post(url, keep)

    assert asked.status_code == 200
    assert "Transport: 21 scores" in asked.content.decode()
    assert "Environment:" not in asked.content.decode().split('id="scores-lost"')[1]
    assert SolutionScore.objects.filter(department=transport).count() == 21
    assert client.post(url, {**keep, "confirmed": "1"}).status_code == 302
    assert not SolutionScore.objects.filter(department=transport).exists()
    assert set(screening.panel.values_list("department__slug", flat=True)) == {
        "environment",
        "planning",
    }


@pytest.mark.parametrize(
    ("typed", "stored"), [("４", 4.0), ("３．５", 3.5), ("\u22121", None), ("٣", None), ("𝟓", None)]
)
def test_a_sheet_reads_numbers_as_the_screening_files_do(
    cast: Cast, client: Client, screening: Screening, typed: str, stored: float | None
) -> None:
    client.force_login(cast.bob)
    cell = _cell(screening, "Bus lanes", "emissions")

    response = client.post(
        reverse("screening:sheet", args=[screening.pk, "environment"]), {cell: typed}
    )

    assert _stored_value(screening, "Bus lanes", "emissions") == stored
    if stored is None:
        assert response.status_code == 400
