"""A framework as an XLSForm: pyxform converts it, and reading it back gives the same framework."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from stocktake.frameworks import Framework, MaturityIndicator, bundled_frameworks, get_framework
from stocktake.io.xlsform import (
    CONFIDENCE_SUFFIX,
    EVIDENCE_SUFFIX,
    XLSFormError,
    language_column,
    question_name,
    read_xlsform,
    write_xlsform,
)

BUNDLED = [framework.id for framework in bundled_frameworks()]
_ZH_HANT_WARNING = re.compile(r"do not contain valid machine-readable codes: Chinese \(zh-Hant\)\.")
"""pyxform checks language codes against single IANA subtags only, so the valid BCP 47 tag
``zh-Hant`` (Traditional Chinese, as KoboToolbox spells it) is the one warning we accept."""


def _convert(path: Path) -> tuple[ET.Element, list[str]]:
    warnings: list[str] = []
    result = convert(str(path), warnings=warnings)
    return ET.fromstring(result.xform), warnings


def _bound_names(xform: ET.Element) -> set[str]:
    return {
        bind.attrib["nodeset"].rsplit("/", 1)[-1]
        for bind in xform.iter("{http://www.w3.org/2002/xforms}bind")
    }


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_pyxform_converts_every_bundled_framework_with_every_question_and_language(
    framework_id: str, tmp_path: Path
) -> None:
    framework = get_framework(framework_id)
    path = tmp_path / "form.xlsx"
    write_xlsform(framework, path)

    xform, warnings = _convert(path)

    assert [w for w in warnings if not _ZH_HANT_WARNING.search(w)] == []
    names = _bound_names(xform)
    for indicator in framework.indicators():
        name = question_name(indicator.id)
        assert {name, name + EVIDENCE_SUFFIX, name + CONFIDENCE_SUFFIX} <= names
    languages = {
        node.attrib["lang"] for node in xform.iter("{http://www.w3.org/2002/xforms}translation")
    }
    assert languages == {
        language_column("", lang).removeprefix("::") for lang in framework.languages
    }


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_a_bundled_framework_survives_export_import_export(
    framework_id: str, tmp_path: Path
) -> None:
    framework = get_framework(framework_id)
    write_xlsform(framework, tmp_path / "first.xlsx")

    back = read_xlsform(tmp_path / "first.xlsx")
    write_xlsform(back, tmp_path / "second.xlsx")

    assert back == framework
    assert read_xlsform(tmp_path / "second.xlsx") == framework


def test_every_answer_type_survives_and_converts(mini: Framework, tmp_path: Path) -> None:
    path = tmp_path / "mini.xlsx"
    write_xlsform(mini, path)

    assert read_xlsform(path) == mini
    _, warnings = _convert(path)
    assert [w for w in warnings if not _ZH_HANT_WARNING.search(w)] == []
    survey = {row[1]: row for row in load_workbook(path)["survey"].iter_rows(values_only=True)}
    assert survey["G1"][0].startswith("select_one levels_")
    assert survey["G2"][0] == "select_one stocktake_yes_no"
    assert survey["E1"][0] == "decimal"
    assert survey["E1"][survey["name"].index("constraint")] == ". >= 0 and . <= 100"
    assert survey["E3"][0].startswith("select_one options_")


def test_scales_shared_by_indicators_share_one_choice_list(tmp_path: Path) -> None:
    framework = get_framework("issa-36")
    path = tmp_path / "issa.xlsx"
    write_xlsform(framework, path)

    rows = list(load_workbook(path)["survey"].iter_rows(values_only=True))
    lists = {row[0] for row in rows if str(row[0]).startswith("select_one levels_")}
    scales = {
        tuple((level.value, tuple(sorted(level.label.items()))) for level in indicator.levels)
        for indicator in framework.indicators()
        if isinstance(indicator, MaturityIndicator)
    }
    assert len(lists) == len(scales) < len(framework.indicators())
    settings_rows = list(load_workbook(path)["settings"].iter_rows(values_only=True))
    assert settings_rows[1][:4] == (
        framework.title["en"],
        "issa-36_1.0.1",
        "1.0.1",
        "English (en)",
    )


def test_a_translation_edited_in_the_workbook_is_read_back(mini: Framework, tmp_path: Path) -> None:
    path = tmp_path / "mini.xlsx"
    write_xlsform(mini, path)
    workbook = load_workbook(path)
    sheet = workbook["survey"]
    header = [cell.value for cell in sheet[1]]
    column = header.index(language_column("label", "zh-Hant")) + 1
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "G1":
            sheet.cell(row=row[0].row, column=column, value="跨部門協調")
    workbook.save(path)

    assert read_xlsform(path).indicator("G1").title["zh-Hant"] == "跨部門協調"


def _edited(mini: Framework, tmp_path: Path, sheet_name: str, column: str, value: object) -> Path:
    path = tmp_path / "mini.xlsx"
    write_xlsform(mini, path)
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index(column) + 1).value = value  # row 3: indicator G1
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),
    [
        (
            "survey",
            "stocktake::spec",
            "{not json",
            r"sheet 'survey', row 3, column 'stocktake::spec'",
        ),
        ("survey", "stocktake::weight", "heavy", r"row 3, column 'stocktake::weight': 'heavy'"),
        ("survey", "stocktake::id", None, r"row 3, column 'stocktake::id'"),
        ("survey", "label::English (en)", None, r"row 3, column 'label::English \(en\)'"),
        ("survey", "stocktake::weight", -2, r"row 3, column 'stocktake::weight': weight: "),
        ("survey", "stocktake::type", "scale", r"row 3, column 'stocktake::type'"),
    ],
)
def test_a_damaged_form_names_sheet_row_and_column(
    mini: Framework, tmp_path: Path, sheet: str, column: str, value: object, message: str
) -> None:
    path = _edited(mini, tmp_path, sheet, column, value)

    with pytest.raises(XLSFormError, match=message):
        read_xlsform(path)


def test_a_form_not_written_by_stocktake_is_refused_with_a_reason(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "survey"
    workbook["survey"].append(["type", "name", "label"])
    workbook["survey"].append(["text", "q1", "Question"])
    workbook.create_sheet("settings").append(["form_title"])
    workbook["settings"].append(["A form"])
    workbook.save(tmp_path / "other.xlsx")

    with pytest.raises(
        XLSFormError, match=r"sheet 'settings', row 2, column 'stocktake::framework'"
    ):
        read_xlsform(tmp_path / "other.xlsx")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / "form.xlsx").write_text("type,name\n", encoding="utf-8")

    with pytest.raises(XLSFormError, match="is not an XLSX workbook"):
        read_xlsform(tmp_path / "form.xlsx")
    with pytest.raises(XLSFormError, match="there is no file"):
        read_xlsform(tmp_path / "missing.xlsx")


_texts = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def small_frameworks(draw: st.DrawFn) -> Framework:
    """Frameworks of one to three groups of maturity and yes/no indicators, in two languages."""
    groups = []
    counter = 0
    for g in range(draw(st.integers(1, 3))):
        indicators = []
        for _ in range(draw(st.integers(1, 3))):
            counter += 1
            title = {"en": draw(_texts), "ja": draw(_texts)}
            weight = draw(st.floats(0.1, 10, allow_nan=False).map(lambda w: round(w, 3)))
            if draw(st.booleans()):
                n = draw(st.integers(2, 5))
                levels = [
                    {"value": v, "label": {"en": draw(_texts), "ja": draw(_texts)}}
                    for v in range(n)
                ]
                indicators.append(
                    {
                        "id": f"I{counter}",
                        "type": "maturity",
                        "title": title,
                        "weight": weight,
                        "levels": levels,
                    }
                )
            else:
                indicators.append(
                    {
                        "id": f"{counter}.{g}",
                        "type": "yes_no",
                        "title": title,
                        "weight": weight,
                        "guidance": {"en": draw(_texts), "ja": draw(_texts)},
                    }
                )
        groups.append(
            {
                "id": f"g{g}",
                "kind": "dimension",
                "title": {"en": draw(_texts), "ja": draw(_texts)},
                "indicators": indicators,
            }
        )
    return Framework.model_validate(
        {
            "id": "generated",
            "version": "1.0",
            "title": {"en": "Generated", "ja": "生成"},
            "description": {"en": "For tests.", "ja": "テスト用。"},
            "publisher": {"en": "Tests", "ja": "テスト"},
            "licence": "CC0",
            "provenance": {"source": "generated", "verified": True},
            "languages": ["en", "ja"],
            "scoring": {"method": "mean"},
            "groups": groups,
        }
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(framework=small_frameworks())
def test_generated_frameworks_survive_the_round_trip(framework: Framework, tmp_path: Path) -> None:
    path = tmp_path / "generated.xlsx"
    write_xlsform(framework, path)

    assert read_xlsform(path) == framework
