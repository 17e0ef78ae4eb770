"""Reading and writing the catalogue: every problem with its row and column, all or nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from stocktake.demo.catalogue import demo_catalogue
from stocktake.errors import FileError
from stocktake.knowledge import COLUMNS, CatalogueFileError, read_catalogue, write_catalogue

HEADER = (
    "id,kind,title_en,title_zh_hant,languages,year,link,indicators,pathways,sdg_targets,support,"
    "city,deadline\n"
)
GOOD = (
    "plan,policy,Resilience plan,城市韌性計畫,en; zh-Hant,2024,https://example.org/p,"
    "ENV-09; SOC-06,resilient,11.5,policy,lanwan,\n"
)


def _csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def test_a_valid_row_becomes_a_resource_with_its_tags(tmp_path: Path) -> None:
    [resource] = read_catalogue(_csv(tmp_path, GOOD))

    assert resource.id == "plan"
    assert resource.title == {"en": "Resilience plan", "zh-Hant": "城市韌性計畫"}
    assert resource.languages == ("en", "zh-Hant")
    assert resource.indicators == ("ENV-09", "SOC-06")
    assert resource.sdg_targets == ("11.5",)
    assert resource.year == 2024


def test_every_problem_is_reported_with_row_and_column_and_nothing_is_read(
    tmp_path: Path,
) -> None:
    bad = (
        "x1,manual,Title,,en,1850,ftp://x,ENV-99,green,18.1,money,,2026-13-01\n"
        "x2,policy,,,english!,,,,,,,,\n"
    )
    path = _csv(tmp_path, GOOD, bad)

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)

    found = {(p.row, p.column, p.code) for p in caught.value.problems}
    assert found == {
        (3, "kind", "unknown_kind"),
        (3, "year", "bad_year"),
        (3, "link", "bad_link"),
        (3, "indicators", "unknown_tag"),
        (3, "pathways", "unknown_tag"),
        (3, "sdg_targets", "bad_sdg_target"),
        (3, "support", "unknown_tag"),
        (3, "deadline", "bad_date"),
        (4, "title_en", "no_title"),
        (4, "languages", "bad_language"),
        (4, "city", "policy_city"),
    }
    assert "row 3, kind" in str(caught.value)


@pytest.mark.parametrize("deadline", ["20260331", "2026-W10-1", "2026-3-31", "２０２６-03-31"])
def test_a_deadline_is_written_as_yyyy_mm_dd_only(tmp_path: Path, deadline: str) -> None:
    row = f"fund,financing,Fund,,,,,,,,,,{deadline}\n"

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(_csv(tmp_path, row))

    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "deadline", "bad_date")
    ]


def test_only_a_financing_opportunity_has_a_deadline(tmp_path: Path) -> None:
    rows = ("fund,financing,Fund,,,,,,,,,,2026-03-31\n", "howto,guide,Guide,,,,,,,,,,2026-03-31\n")

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(_csv(tmp_path, *rows))

    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (3, "deadline", "deadline_kind")
    ]


@pytest.mark.parametrize("year", ["2020²", "①", "２０２０", "٢٠٢٠", "2020.5"])
def test_a_year_of_other_digits_is_a_problem_not_a_crash(tmp_path: Path, year: str) -> None:
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(_csv(tmp_path, f"y,guide,A,,,{year},,,,,,,\n"))

    assert [(p.column, p.code) for p in caught.value.problems] == [("year", "bad_year")]


def test_a_json_title_in_a_language_the_catalogue_does_not_keep_is_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(
        '{"format": 1, "resources": [{"id": "t", "kind": "guide", '
        '"title": {"en": "T", "fr": "Titre"}}]}',
        encoding="utf-8",
    )

    with pytest.raises(FileError) as caught:
        read_catalogue(path)

    assert (caught.value.row, caught.value.column) == (1, "title")
    assert "fr" in caught.value.detail and "zh-Hant" in caught.value.detail


def test_a_repeated_id_names_the_first_row(tmp_path: Path) -> None:
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(_csv(tmp_path, GOOD, GOOD))

    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.code, problem.params) == (
        3,
        "id",
        "duplicate_id",
        {"first": 2},
    )


def test_an_unknown_column_and_a_missing_kind_column_are_header_problems(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a,Title\n", header="id,titel_en\n")

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)

    assert {(p.row, p.column, p.code) for p in caught.value.problems} == {
        (1, "titel_en", "unknown_column"),
        (1, "kind", "missing_column"),
        (1, "title_en", "missing_column"),
    }


def test_formula_text_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, 'f,guide,"=HYPERLINK(""http://x"")",,,,,,,,,,\n')

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)

    assert [(p.column, p.code) for p in caught.value.problems] == [("title_en", "formula")]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_control_character_is_refused_where_it_stands(tmp_path: Path, character: str) -> None:
    path = _csv(tmp_path, GOOD, f"c,guide,Flood{character}guide,,,,,,,,,,\n")

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)

    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (3, "title_en", "control_character")
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_line_breaks_inside_a_cell_read_as_one_and_survive_either_format(
    tmp_path: Path, suffix: str
) -> None:
    path = _csv(tmp_path, 'c,guide,"Flood\r\nguide\rfor\trivers",,,,,,,,,,\n')
    [resource] = read_catalogue(path)
    again = tmp_path / f"again{suffix}"

    write_catalogue([resource], again)

    assert resource.title == {"en": "Flood\nguide\nfor\trivers"}
    assert read_catalogue(again) == [resource]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_header_without_rows_is_a_problem_not_an_empty_catalogue(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"catalogue{suffix}"
    write_catalogue([], path)

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)

    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [(None, None, "no_rows")]


def test_a_cell_over_its_length_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"long,guide,{'x' * 301},,,,,,,,,,\n")

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(path)

    [problem] = caught.value.problems
    assert (problem.column, problem.code, problem.params) == (
        "title_en",
        "too_long",
        {"limit": 300, "count": 301},
    )


def test_an_unreadable_file_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_bytes(b"id,kind\n\xff\xfe,guide\n")

    with pytest.raises(FileError, match="not UTF-8"):
        read_catalogue(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_the_demo_catalogue_writes_and_reads_back_the_same(tmp_path: Path, suffix: str) -> None:
    resources = demo_catalogue()
    path = tmp_path / f"catalogue{suffix}"

    write_catalogue(resources, path)

    assert read_catalogue(path) == resources


def test_a_workbook_with_dates_and_numbers_in_cells_reads(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    row = dict.fromkeys(COLUMNS, None)
    row |= {"id": "fund", "kind": "financing", "title_ko": "기금", "year": 2025}
    row["deadline"] = datetime.datetime(2026, 3, 31)
    sheet.append([row[name] for name in COLUMNS])
    path = tmp_path / "catalogue.xlsx"
    workbook.save(path)

    [resource] = read_catalogue(path)

    assert (resource.year, resource.deadline) == (2025, datetime.date(2026, 3, 31))
    assert resource.title_in("en") == "기금"


def test_the_demo_catalogue_is_labelled_as_demonstration_in_every_language() -> None:
    for resource in demo_catalogue():
        assert resource.summary["en"].startswith("Fictional demonstration entry")
        assert all(text for text in resource.title.values())
        assert "example.org" in resource.link


def test_the_documented_example_file_loads() -> None:
    """docs/examples/catalogue.csv is the file a newcomer starts from: it must be valid."""
    example = Path(__file__).parents[3] / "docs" / "examples" / "catalogue.csv"

    resources = read_catalogue(example)

    assert [r.kind for r in resources] == ["guide", "policy", "financing"]
    assert resources[2].deadline == datetime.date(2030, 6, 30)


@pytest.mark.parametrize("deadline", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_a_deadline_outside_1900_to_2100_is_a_typing_mistake(tmp_path: Path, deadline: str) -> None:
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(_csv(tmp_path, f"fund,financing,Fund,,,,,,,,,,{deadline}\n"))

    assert [(p.column, p.code) for p in caught.value.problems] == [("deadline", "bad_date")]


def _json(tmp_path: Path, *resources: str) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(f'{{"format": 1, "resources": [{", ".join(resources)}]}}', encoding="utf-8")
    return path


@pytest.mark.parametrize("deadline", ["2026-W10-1", "20260331", "2026-02-30"])
def test_a_json_deadline_is_held_to_the_same_rule_on_its_row(tmp_path: Path, deadline: str) -> None:
    fund = f'{{"id": "f", "kind": "financing", "title": {{"en": "F"}}, "deadline": "{deadline}"}}'
    ok = '{"id": "g", "kind": "guide", "title": {"en": "G"}}'

    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(_json(tmp_path, ok, fund))

    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "deadline", "bad_date")
    ]


@pytest.mark.parametrize(
    "resource",
    [
        '{"id": "t", "kind": "guide", "title": null}',
        '{"id": "t", "kind": "guide", "title": {"en": "T"}, "colour": "red"}',
        '"just text"',
    ],
)
def test_a_json_resource_not_written_as_the_catalogue_writes_one_is_refused_at_its_place(
    tmp_path: Path, resource: str
) -> None:
    ok = '{"id": "g", "kind": "guide", "title": {"en": "G"}}'

    with pytest.raises(FileError) as caught:
        read_catalogue(_json(tmp_path, ok, resource))

    assert caught.value.row == 2


def test_a_deadline_kept_on_another_kind_by_an_earlier_version_is_left_out_of_the_file(
    tmp_path: Path,
) -> None:
    from stocktake.knowledge import Resource

    guide = Resource(id="g", kind="guide", title={"en": "G"}, deadline=datetime.date(2026, 3, 31))
    fund = Resource(
        id="f", kind="financing", title={"en": "F"}, deadline=datetime.date(2026, 3, 31)
    )
    path = tmp_path / "export.csv"
    write_catalogue([guide, fund], path)

    read = read_catalogue(path)

    assert [(r.id, r.deadline) for r in read] == [("g", None), ("f", datetime.date(2026, 3, 31))]
