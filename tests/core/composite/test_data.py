"""Reading and checking unit data and metadata, with errors located by file, row and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stocktake.composite import CompositeData, CompositeError, from_frames, read_table, read_tabular

from .conftest import META_CSV, UNITS_CSV


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tabular_files_give_units_indicators_and_a_tree(cities: CompositeData) -> None:
    assert list(cities.units.index[:2]) == ["AMS", "BCN"]
    assert cities.indicator_codes == ("Green", "Trees", "Air", "Transit", "Waste", "Budget")
    assert cities.hierarchy.aggregates == ("Environment", "Services", "Index")
    assert cities.hierarchy.children("Services") == ("Transit", "Waste", "Budget")
    assert cities.hierarchy.top == ("Index",)
    assert np.isnan(cities.units.at["CPH", "Budget"])


def test_na_is_missing_in_numbers_but_a_unit_code_in_ucode(tmp_path: Path) -> None:
    units = write(tmp_path, "u.csv", "uCode,x,y\nNA,1,NA\nZA,2,3\nZW,,4\n")
    meta = write(
        tmp_path,
        "m.csv",
        "iCode,Level,Parent,Direction,Weight,Type\nx,1,I,1,1,Indicator\ny,1,I,1,1,Indicator\n"
        "I,2,,1,1,Aggregate\n",
    )

    data = read_tabular(units, meta)

    assert list(data.units.index) == ["NA", "ZA", "ZW"]
    assert np.isnan(data.units.at["NA", "y"]) and np.isnan(data.units.at["ZW", "x"])


def test_a_bad_number_is_located_by_file_row_and_column(tmp_path: Path) -> None:
    units = write(tmp_path, "u.csv", UNITS_CSV.read_text().replace(",600,", ",six hundred,"))

    with pytest.raises(CompositeError) as caught:
        read_tabular(units, META_CSV)

    assert str(caught.value) == (
        f"{units}, row 8, column 'Waste': 'six hundred' is not a number; leave the cell empty "
        "for a missing value"
    )


@pytest.mark.parametrize(
    ("edit", "row", "column", "words"),
    [
        (
            ("Budget,Climate budget,1,Services,1,1", "Budget,Climate budget,1,Service,1,1"),
            7,
            "Parent",
            "Parent 'Service' of 'Budget' is not the iCode of an Aggregate row",
        ),
        (
            ("Air,Air pollution,1,Environment,-1", "Air,Air pollution,1,Environment,0"),
            4,
            "Direction",
            "Direction must be 1 (higher is better) or -1",
        ),
        (
            (
                "Trees,Tree cover,1,Environment,1,1,Indicator",
                "Trees,Tree cover,1,Environment,1,1,Indic",
            ),
            3,
            "Type",
            "Type is 'Indic'",
        ),
        (
            ("Green,Green space share,1,", "Green,Green space share,2,"),
            2,
            "Level",
            "an Indicator must have Level 1",
        ),
        (
            ("Trees,Tree cover,1,Environment,1,1", "Green,Tree cover,1,Environment,1,1"),
            3,
            "iCode",
            "iCode 'Green' appears twice (also on row 2)",
        ),
        (
            (
                "Waste,Waste per city,1,Services,-1,1,Indicator,Population",
                "Waste,Waste per city,1,Services,-1,1,Indicator,Area",
            ),
            6,
            "Denominator",
            "Denominator 'Area' of 'Waste' is not a column of Type Denominator",
        ),
    ],
)
def test_metadata_problems_name_row_and_column(
    tmp_path: Path, edit: tuple[str, str], row: int, column: str, words: str
) -> None:
    text = META_CSV.read_text()
    assert edit[0] in text
    meta = write(tmp_path, "meta.csv", text.replace(edit[0], edit[1], 1))

    with pytest.raises(CompositeError) as caught:
        read_tabular(UNITS_CSV, meta)

    assert (caught.value.source, caught.value.row, caught.value.column) == (str(meta), row, column)
    assert words in str(caught.value)


def test_an_undescribed_column_is_named(tmp_path: Path) -> None:
    units = write(tmp_path, "u.csv", "uCode,x,Extra\nA,1,2\n")
    meta = write(
        tmp_path, "m.csv", "iCode,Level,Parent,Direction,Weight,Type\nx,1,,1,1,Indicator\n"
    )

    with pytest.raises(CompositeError, match="column 'Extra' is not described in the"):
        read_tabular(units, meta)


def test_an_indicator_without_a_column_is_named(tmp_path: Path) -> None:
    units = write(tmp_path, "u.csv", "uCode,x\nA,1\n")
    meta = write(
        tmp_path,
        "m.csv",
        "iCode,Level,Parent,Direction,Weight,Type\nx,1,,1,1,Indicator\ny,1,,1,1,Indicator\n",
    )

    with pytest.raises(CompositeError) as caught:
        read_tabular(units, meta)

    assert (caught.value.row, caught.value.column) == (3, "iCode")
    assert "Indicator 'y' has no column in the" in str(caught.value)


def test_duplicate_unit_codes_are_refused() -> None:
    units = pd.DataFrame({"uCode": ["A", "B", "A"], "x": [1, 2, 3]})
    meta = pd.DataFrame(
        [
            {
                "iCode": "x",
                "Level": 1,
                "Parent": None,
                "Direction": 1,
                "Weight": 1,
                "Type": "Indicator",
            }
        ]
    )

    with pytest.raises(CompositeError, match=r"row 4.*uCode 'A' appears twice"):
        from_frames(units, meta)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CompositeError, match=r"none\.csv: there is no such file"):
        read_tabular(tmp_path / "none.csv", META_CSV)


def test_xlsx_files_are_read_like_csv(tmp_path: Path) -> None:
    units = pd.read_csv(UNITS_CSV, dtype=str, keep_default_na=False)
    meta = pd.read_csv(META_CSV, dtype=str, keep_default_na=False)
    units.to_excel(tmp_path / "u.xlsx", index=False)
    meta.to_excel(tmp_path / "m.xlsx", index=False)

    data = read_tabular(tmp_path / "u.xlsx", tmp_path / "m.xlsx")

    assert data.indicators().equals(read_tabular(UNITS_CSV, META_CSV).indicators())


def test_a_broken_workbook_is_named(tmp_path: Path) -> None:
    broken = write(tmp_path, "units.xlsx", "not a workbook")

    with pytest.raises(CompositeError, match=r"units\.xlsx: the file is not a readable Excel"):
        read_tabular(broken, META_CSV)


def test_unit_data_without_rows_is_refused(tmp_path: Path) -> None:
    units = write(tmp_path, "u.csv", UNITS_CSV.read_text().splitlines()[0] + "\n")

    with pytest.raises(CompositeError, match="the unit data has no rows"):
        read_tabular(units, META_CSV)


def test_a_missing_sheet_is_named(tmp_path: Path) -> None:
    pd.read_csv(UNITS_CSV, dtype=str).to_excel(tmp_path / "u.xlsx", index=False)

    with pytest.raises(CompositeError, match="the workbook has no sheet 'Data'"):
        read_table(tmp_path / "u.xlsx", sheet="Data")
