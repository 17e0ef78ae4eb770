"""``stocktake network plan|groups`` and ``stocktake progress``, with awkward inputs."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Invoke = Callable[..., Result]
AssertBadInput = Callable[[Result, str], None]

HEADER = "indicator,value,department,importance,confidence,support_needed,evidence\n"
COHORT = {
    "north": "G1,4,planning,,,,Committee minutes 2024\nE3,adopted,environment,,,,Strategy 2023\n",
    "south": "G1,1,planning,5,high,training,\nE3,none,environment,4,high,finance,\n",
    "east": "G1,0,planning,5,medium,training,\nE3,draft,environment,5,high,training,\n",
    "west": "G1,2,planning,,,,\nE3,adopted,environment,,,,Plan adopted 2022\n",
}
"""North is strong on G1 and E3, west on E3; south and east ask for support on both."""


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    folder = tmp_path / "cohort"
    folder.mkdir()
    for city, rows in COHORT.items():
        (folder / f"{city}.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def one_line_error(result: Result, start: str) -> str:
    """Exit code 2, nothing on standard output, one line on standard error starting so."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {start}"), result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stderr


# -- plan ------------------------------------------------------------------------------------


def plan(invoke: Invoke, mini: Path, folder: Path, *extra: str) -> Result:
    return invoke("network", "plan", "-f", mini, "-a", folder, *extra)


def test_plan_json_lists_needs_workshops_reasons_and_the_weight_served(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    result = plan(
        invoke, mini_path, cohort, "--workshops", "2", "--capacity", "2", "--format", "json"
    )

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    weights = {(n["city"], n["indicator"]): n["weight"] for n in data["needs"]}
    assert weights == {
        ("east", "G1"): 0.75,
        ("south", "G1"): 0.75,
        ("east", "E3"): 0.5,
        ("south", "E3"): 0.8,
    }
    workshops = {w["topic"]: w for w in data["workshops"]}
    assert (workshops["G1"]["host"], workshops["E3"]["host"]) == ("north", "west")
    assert workshops["G1"]["participants"] == ["east", "south"]
    served = sum(weights[(c, w["topic"])] for w in data["workshops"] for c in w["participants"])
    assert data["objective"] == pytest.approx(served) == pytest.approx(2.8)
    assert workshops["G1"]["reasons"][1] == (
        "north hosts: it is at level 4 of 4 (Leading) on G1, with evidence "
        "'Committee minutes 2024', and agreed to share."
    )
    assert data["solver"]["status"] == "optimal"


def test_plan_prints_a_table_by_default(invoke: Invoke, mini_path: Path, cohort: Path) -> None:
    result = plan(invoke, mini_path, cohort, "--workshops", "1")

    assert result.exit_code == 0, result.output
    assert "Workshops" in result.stdout
    assert "Needs served: 1.5 of 2.8" in result.stdout
    assert "Proven optimal" in result.stdout


def test_a_city_that_does_not_share_never_hosts(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    (cohort / "cities.csv").write_text("city,shares\nnorth,no\nwest,yes\n", encoding="utf-8")

    result = plan(invoke, mini_path, cohort, "--workshops", "1", "--format", "json")

    assert result.exit_code == 0, result.output
    assert [w["host"] for w in json.loads(result.stdout)["workshops"]] == ["west"]
    one_line_error(
        plan(invoke, mini_path, cohort, "--workshops", "2"), "only 1 workshop can be formed, not 2"
    )


def test_more_workshops_than_topics_and_hosts_allow_say_why(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    one_line_error(
        plan(invoke, mini_path, cohort, "--workshops", "3"),
        "only 2 workshops can be formed, not 3: each needs a topic some city asked about",
    )


def test_the_kinds_a_workshop_serves_filter_the_needs(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    result = plan(invoke, mini_path, cohort, "-k", "1", "--kind", "finance", "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(n["city"], n["indicator"]) for n in data["needs"]] == [("south", "E3")]


def test_an_unknown_kind_of_support_is_refused(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    one_line_error(
        plan(invoke, mini_path, cohort, "-k", "1", "--kind", "housing"),
        "'housing' is not a kind of support of the framework mini",
    )


@pytest.mark.parametrize("flag", ["--workshops", "--capacity", "--per-city"])
def test_counts_below_one_are_refused_by_the_option(
    invoke: Invoke, mini_path: Path, cohort: Path, flag: str
) -> None:
    arguments = {"--workshops": "1", "--capacity": "2", "--per-city": "1", flag: "0"}
    result = plan(invoke, mini_path, cohort, *itertools.chain(*arguments.items()))

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert flag in result.stderr


# -- groups ----------------------------------------------------------------------------------


def groups(invoke: Invoke, mini: Path, folder: Path, *extra: str) -> Result:
    return invoke("network", "groups", "-f", mini, "-a", folder, *extra)


def test_groups_json_lists_pairs_groups_and_the_sum_inside_groups(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    result = groups(invoke, mini_path, cohort, "--size", "2", "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    values = {frozenset((p["a"], p["b"])): p["value"] for p in data["pairs"]}
    assert len(values) == 6
    assert sorted(c for g in data["groups"] for c in g) == ["east", "north", "south", "west"]
    inside = sum(values[frozenset(p)] for g in data["groups"] for p in itertools.combinations(g, 2))
    assert data["objective"] == pytest.approx(inside)
    assert data["objective"] == max(
        values[frozenset(("north", c))] + values[frozenset(set(COHORT) - {"north", c})]
        for c in ("south", "east", "west")
    )
    assert data["solver"]["status"] == "optimal"


def test_groups_respect_must_meet_and_must_not_meet(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    result = groups(
        invoke,
        mini_path,
        cohort,
        "--size",
        "2",
        "--must-meet",
        "north,east",
        "--must-not-meet",
        "south, north",
        "--format",
        "json",
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["groups"] == [["east", "north"], ["south", "west"]]


def test_groups_keep_a_working_language_from_cities_csv(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    (cohort / "cities.csv").write_text(
        "city,languages\nnorth,ja\nsouth,en;ja\neast,en\nwest,en\n", encoding="utf-8"
    )
    result = groups(invoke, mini_path, cohort, "--size", "2", "--format", "json")

    assert result.exit_code == 0, result.output
    assert ["north", "south"] in json.loads(result.stdout)["groups"]


def test_groups_print_a_table_by_default(invoke: Invoke, mini_path: Path, cohort: Path) -> None:
    result = groups(invoke, mini_path, cohort, "--size", "2")

    assert result.exit_code == 0, result.output
    assert "Sum of pair values inside groups:" in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--size", "6"], "groups of 6 (± 1) need at least 5 cities, and the cohort has 4"),
        (["--size", "1"], "a peer-learning group needs at least 2 cities, not 1"),
        (
            ["-s", "2", *(f"--must-meet={p}" for p in ("north,south", "south,east", "east,west"))],
            "east, north, south, west must all meet, 4 cities, more than a group of 2",
        ),
        (["--size", "2", "--must-meet", "north"], "--must-meet takes two cities separated"),
        (["--size", "2", "--must-meet", "north,nowhere"], "'nowhere' (asked to must meet) is not"),
    ],
)
def test_impossible_or_bad_group_requests_say_why(
    invoke: Invoke, mini_path: Path, cohort: Path, extra: list[str], message: str
) -> None:
    one_line_error(groups(invoke, mini_path, cohort, *extra), message)


# -- the answers folder ------------------------------------------------------------------------


def test_an_empty_folder_is_refused(invoke: Invoke, mini_path: Path, tmp_path: Path) -> None:
    one_line_error(
        groups(invoke, mini_path, tmp_path, "--size", "2"), f"{tmp_path} holds no answers"
    )


def test_a_missing_folder_and_a_file_are_refused(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    one_line_error(groups(invoke, mini_path, cohort / "nowhere", "-s", "2"), f"{cohort}/nowhere:")
    one_line_error(
        groups(invoke, mini_path, cohort / "north.csv", "-s", "2"), f"{cohort}/north.csv is a file"
    )


def test_one_city_is_not_a_cohort(invoke: Invoke, mini_path: Path, cohort: Path) -> None:
    for city in ("south", "east", "west"):
        (cohort / f"{city}.csv").unlink()
    one_line_error(
        plan(invoke, mini_path, cohort, "-k", "1"),
        f"{cohort} holds the answers of one city (north); comparing cities needs at least two",
    )


def test_two_files_of_one_city_are_refused(invoke: Invoke, mini_path: Path, cohort: Path) -> None:
    (cohort / "north.xlsx").write_bytes((cohort / "north.csv").read_bytes())
    one_line_error(
        groups(invoke, mini_path, cohort, "-s", "2"),
        "north.csv and north.xlsx both hold the answers of city 'north'",
    )


def test_a_file_holding_another_city_is_refused(
    invoke: Invoke, mini_path: Path, cohort: Path
) -> None:
    (cohort / "north.csv").write_text("indicator,value,city\nG1,3,south\n", encoding="utf-8")
    one_line_error(
        groups(invoke, mini_path, cohort, "-s", "2"),
        f"{cohort}/north.csv, column 'city': the file is named after city 'north'",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("indicator,value\nG1,9\n", "row 2, column 'value': indicator G1 takes a level of"),
        ('indicator,value\nG1,"3\n', "row 2"),
        ("indicator,value\n", "the file has a header but no answers"),
        ("indicator,value,colour\nG1,3,red\n", "row 1: unknown column 'colour'"),
    ],
)
def test_a_malformed_answers_file_is_named(
    invoke: Invoke, mini_path: Path, cohort: Path, content: str, message: str
) -> None:
    (cohort / "west.csv").write_text(content, encoding="utf-8")
    error = one_line_error(groups(invoke, mini_path, cohort, "-s", "2"), f"{cohort}/west.csv")
    assert message in error


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("city,kind\nnorth,city\natlantis,city\n", "row 3, column 'city': city 'atlantis' has no"),
        ("city\nnorth\nnorth\n", "row 3, column 'city': city 'north' is described twice"),
        ("city,colour\nnorth,red\n", "row 1: unknown column 'colour'; the columns are city, name"),
        ("name\nNorth\n", "row 1: the header has no city column"),
        ("city,shares\nnorth,maybe\n", "row 2, column 'shares': shares must be yes or no"),
        ("city,population\nnorth,many\n", "row 2, column 'population': the population must be"),
        (
            "city,population\nnorth,-4\n",
            "row 2: the population of city 'north' must be a positive number",
        ),
        ("city,kind\n,city\n", "row 2, column 'city': the city is missing"),
    ],
)
def test_a_malformed_cities_file_is_named(
    invoke: Invoke, mini_path: Path, cohort: Path, content: str, message: str
) -> None:
    (cohort / "cities.csv").write_text(content, encoding="utf-8")
    error = one_line_error(groups(invoke, mini_path, cohort, "-s", "2"), f"{cohort}/cities.csv")
    assert message in error


def test_an_unknown_framework_is_refused(invoke: Invoke, cohort: Path) -> None:
    result = invoke("network", "groups", "-f", "issa-99", "-a", cohort, "-s", "2")
    one_line_error(result, "there is no framework 'issa-99'")


# -- progress ----------------------------------------------------------------------------------


def progress(
    invoke: Invoke, framework: Path | str, before: Path, after: Path, *extra: str
) -> Result:
    return invoke("progress", "-f", framework, "--before", before, "--after", after, *extra)


def test_progress_json_gives_a_verdict_per_indicator_group_and_overall(
    invoke: Invoke, mini_path: Path, tmp_path: Path
) -> None:
    before = tmp_path / "2025.csv"
    after = tmp_path / "2026.csv"
    before.write_text(
        "indicator,value,department\nG1,1,planning\nG1,2,environment\nE3,draft,a\n",
        encoding="utf-8",
    )
    after.write_text("indicator,value,department\nG1,2,planning\nE3,adopted,a\n", encoding="utf-8")

    result = progress(invoke, mini_path, before, after, "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    found = {row["indicator"]: row for row in data["indicators"]}
    g1, e3 = found["G1"], found["E3"]
    assert (g1["before"], g1["after"], g1["change"], g1["verdict"]) == (
        1.0,
        2.0,
        1.0,
        "no clear change",
    )
    assert (e3["before"], e3["after"], e3["change"], e3["verdict"]) == (1.0, 2.0, 1.0, "improved")
    assert found["G2"]["verdict"] == "no clear change"
    assert {row["group"] for row in data["groups"]} == {"gov", "env", "env-nature"}
    assert data["overall"]["verdict"] in ("improved", "no clear change", "declined")
    assert data["crosswalk"] == []


def test_progress_prints_a_table_by_default(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = progress(invoke, mini_path, alpha_csv, alpha_csv)

    assert result.exit_code == 0, result.output
    assert "Progress on mini@1.0.0 since mini@1.0.0 — alpha" in result.stdout
    assert "Overall:" in result.stdout


def test_progress_reads_an_earlier_version_through_the_crosswalk(
    invoke: Invoke, mini_path: Path, tmp_path: Path
) -> None:
    revised = mini_path.read_text(encoding="utf-8").replace('version: "1.0.0"', 'version: "2.0.0"')
    revised += 'crosswalk:\n  from_version: "1.0.0"\n  renamed: {COORD: G1}\n  dropped: [OLD]\n'
    framework = tmp_path / "mini-2.yaml"
    framework.write_text(revised, encoding="utf-8")
    before = tmp_path / "2025.csv"
    after = tmp_path / "2026.csv"
    before.write_text("indicator,value\nCOORD,1\nOLD,3\n", encoding="utf-8")
    after.write_text("indicator,value\nG1,3\n", encoding="utf-8")

    result = progress(invoke, framework, before, after, "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    g1 = next(row for row in data["indicators"] if row["indicator"] == "G1")
    assert (g1["before"], g1["after"], g1["verdict"]) == (1.0, 3.0, "improved")
    assert g1["crosswalk"] == "COORD of version 1.0.0 is read as G1 (renamed)."
    assert [use["kind"] for use in data["crosswalk"]] == ["renamed", "dropped"]
    assert data["earlier_framework"] == "mini@1.0.0 (rebuilt from the crosswalk)"


def test_progress_on_indicators_the_framework_lacks_is_refused(
    invoke: Invoke, mini_path: Path, tmp_path: Path
) -> None:
    before = tmp_path / "2025.csv"
    before.write_text("indicator,value\nCOORD,1\n", encoding="utf-8")
    after = tmp_path / "2026.csv"
    after.write_text("indicator,value\nG1,3\n", encoding="utf-8")

    one_line_error(
        progress(invoke, mini_path, before, after),
        "the earlier round answers COORD, which mini@1.0.0 does not have, and the framework "
        "has no crosswalk",
    )


def test_progress_of_two_different_cities_is_refused(
    invoke: Invoke, mini_path: Path, tmp_path: Path
) -> None:
    before = tmp_path / "2025.csv"
    before.write_text("indicator,value,city\nG1,1,alpha\n", encoding="utf-8")
    after = tmp_path / "2026.csv"
    after.write_text("indicator,value,city\nG1,3,beta\n", encoding="utf-8")

    one_line_error(
        progress(invoke, mini_path, before, after), f"{before}: there are no answers of city 'beta'"
    )


def test_progress_with_a_missing_file_is_refused(
    invoke: Invoke, mini_path: Path, alpha_csv: Path, tmp_path: Path
) -> None:
    one_line_error(
        progress(invoke, mini_path, tmp_path / "none.csv", alpha_csv), f"{tmp_path}/none.csv"
    )


# -- frameworks that may not rank cities -----------------------------------------------------


def test_composite_from_assessments_refuses_a_framework_that_may_not_rank(
    invoke: Invoke, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("indicator,value,city\nCBI-17,2,north\nCBI-17,3,south\n", encoding="utf-8")

    result = invoke(
        "composite", "from-assessments", "-f", "cbi-2014", "-a", answers, "--out", tmp_path / "out"
    )

    one_line_error(
        result,
        "the framework cbi-2014@2014.1.0 is not meant to rank cities against each other",
    )
    assert not (tmp_path / "out").exists()


def test_a_bad_value_in_a_crosswalked_round_names_the_file(
    invoke: Invoke, mini_path: Path, tmp_path: Path
) -> None:
    revised = mini_path.read_text(encoding="utf-8").replace('version: "1.0.0"', 'version: "2.0.0"')
    framework = tmp_path / "mini-2.yaml"
    framework.write_text(revised + 'crosswalk: {from_version: "1.0.0", renamed: {COORD: G1}}\n')
    before = tmp_path / "2025.csv"
    before.write_text("indicator,value\nCOORD,9\n", encoding="utf-8")
    after = tmp_path / "2026.csv"
    after.write_text("indicator,value\nG1,3\n", encoding="utf-8")

    one_line_error(
        progress(invoke, framework, before, after),
        f"{before}, column 'value': indicator COORD takes a level of 0, 1, 2, 3, 4",
    )


def test_plan_speaks_the_language_asked_for(invoke: Invoke, mini_path: Path, cohort: Path) -> None:
    """Headings, sentences and the reasons read as the peers page says them in Korean."""
    result = plan(invoke, mini_path, cohort, "--workshops", "1", "--lang", "ko")

    assert result.exit_code == 0, result.output
    assert "워크숍 계획: 도시 4곳" in result.stdout
    assert "충족된 수요: 2.8 중 1.5" in result.stdout
    assert "주최 도시" in result.stdout
    assert "Needs served" not in result.stdout
    assert "hosts:" not in result.stdout


def test_plan_in_english_keeps_its_reasons(invoke: Invoke, mini_path: Path, cohort: Path) -> None:
    result = plan(invoke, mini_path, cohort, "--workshops", "1")

    assert "Workshop plan on mini@1.0.0: 4 cities" in result.stdout
    assert "hosts: it is strong there" in " ".join(result.stdout.split())


def test_progress_speaks_the_language_asked_for(
    invoke: Invoke, mini_path: Path, alpha_csv: Path
) -> None:
    result = progress(invoke, mini_path, alpha_csv, alpha_csv, "--lang", "zh-Hant")

    assert result.exit_code == 0, result.output
    assert "mini@1.0.0 自 mini@1.0.0 以來的進展 — alpha" in result.stdout
    assert "整體：" in result.stdout
    assert "判定" in result.stdout
    assert "Overall" not in result.stdout
    assert "Unchanged." not in result.stdout
