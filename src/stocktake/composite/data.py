"""Unit data and indicator metadata in the de facto tabular standard, checked once.

The unit table has ``uCode``, optionally ``uName`` and ``Time``, group and denominator columns and
one column per indicator; the metadata has one row per indicator, aggregate, denominator, group or
other column (``iCode``, ``iName``, ``Level``, ``Parent``, ``Direction``, ``Weight``, ``Type``,
optional ``Denominator``, ``ScaleFactor``, ``Unit``, ``Target`` and goalpost columns), as in COINr.
Every problem is reported with the table, the spreadsheet row and the column, so a person can fix
the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from stocktake.composite.errors import CompositeError
from stocktake.composite.hierarchy import Hierarchy
from stocktake.errors import FileError
from stocktake.io.cells import read_number, shown

TYPES = ("Indicator", "Aggregate", "Denominator", "Group", "Other")
SPECIAL_COLUMNS = ("uCode", "uName", "Time")
REQUIRED_META = ("iCode", "Level", "Parent", "Direction", "Weight", "Type")
NUMERIC_META = ("Target", "ScaleFactor", "goalpost_lower", "goalpost_upper", "goalpost_scale")
MISSING_TOKENS = frozenset({"", "NA", "N/A", "#N/A", "NaN", "nan", "null", "NULL"})
"""Cells read as missing values in numeric columns (uCode ``NA`` stays Namibia)."""


@dataclass(frozen=True, eq=False)
class CompositeData:
    """Checked unit data and metadata; build with :func:`from_frames` or the table readers.

    Attributes
    ----------
    units
        Index ``uCode``; every unit-table column but ``uCode``, indicators and denominators as
        floats (missing = NaN).
    meta
        Index ``iCode``; metadata columns with numbers parsed and empty cells as missing.
    """

    units: pd.DataFrame
    meta: pd.DataFrame
    source_units: str = "unit data"
    source_meta: str = "metadata"

    @cached_property
    def hierarchy(self) -> Hierarchy:
        return Hierarchy.from_meta(self.meta)

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return self.hierarchy.indicators

    def codes_of_type(self, kind: str) -> tuple[str, ...]:
        return tuple(str(c) for c in self.meta.index[self.meta["Type"] == kind])

    def meta_value(self, code: str, column: str) -> Any:
        """A metadata cell, ``None`` when the column is absent or the cell empty."""
        if column not in self.meta.columns:
            return None
        value: Any = self.meta.at[code, column]
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else value

    def indicators(self) -> pd.DataFrame:
        """Units × indicators, floats: the input of the first stage."""
        return self.units.loc[:, list(self.indicator_codes)].astype(float)

    def unit_names(self) -> pd.Series:
        if "uName" in self.units.columns:
            return self.units["uName"]
        return pd.Series(self.units.index, index=self.units.index, name="uName")

    def with_units(self, units: pd.DataFrame) -> CompositeData:
        """The same metadata over other rows of the unit table (e.g. one time point)."""
        return CompositeData(units, self.meta, self.source_units, self.source_meta)


def from_frames(
    units: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    source_units: str = "unit data",
    source_meta: str = "metadata",
) -> CompositeData:
    """Check a unit table and a metadata table and return them parsed.

    Parameters
    ----------
    units
        One row per unit: ``uCode``, optional ``uName`` and ``Time``, group, denominator and
        indicator columns. Cells may be numbers or text (as read from a CSV file with every cell as
        text); empty cells and ``NA`` are missing in numeric columns, while ``uCode`` stays text.
    meta
        One row per indicator, aggregate, denominator, group or other column.
    source_units, source_meta
        How error messages name the two tables (their file paths, when read from files).

    Returns
    -------
    CompositeData
        The parsed tables and the index's :class:`~stocktake.composite.hierarchy.Hierarchy`.

    Raises
    ------
    CompositeError
        At the first problem, naming the table, the row (as a spreadsheet counts) and the column.
    """
    parsed_meta = _parse_meta(meta.reset_index(drop=True), source_meta)
    parsed_units = _parse_units(units.reset_index(drop=True), parsed_meta, source_units)
    _cross_check(parsed_units, parsed_meta, source_units, source_meta)
    data = CompositeData(parsed_units, parsed_meta, source_units, source_meta)
    data.hierarchy  # noqa: B018 - built now so that a broken tree fails here
    return data


# -- metadata ---------------------------------------------------------------------------------


def _parse_meta(meta: pd.DataFrame, source: str) -> pd.DataFrame:
    meta = meta.rename(columns=lambda c: str(c).strip())
    for column in REQUIRED_META:
        if column not in meta.columns:
            raise CompositeError(
                f"the metadata needs a '{column}' column (required: {', '.join(REQUIRED_META)})",
                source=source,
            )
    rows = [_parse_meta_row(meta.iloc[i], i + 2, source) for i in range(len(meta))]
    out = pd.DataFrame(rows, columns=list(meta.columns), dtype=object).set_index("iCode")
    seen: dict[str, int] = {}
    for i, code in enumerate(out.index):
        if code in seen:
            raise CompositeError(
                f"iCode '{code}' appears twice (also on row {seen[code]}); codes must be unique",
                source=source,
                row=i + 2,
                column="iCode",
            )
        seen[code] = i + 2
    _check_tree(out, source)
    return out


def _parse_meta_row(row: pd.Series, number: int, source: str) -> dict[str, Any]:
    def where(column: str) -> dict[str, Any]:
        return {"source": source, "row": number, "column": column}

    out: dict[str, Any] = {str(k): _text(v) for k, v in row.items()}
    if out["iCode"] is None:
        raise CompositeError("every metadata row needs an iCode", **where("iCode"))
    kind = out["Type"]
    if kind not in TYPES:
        raise CompositeError(
            f"Type is '{kind or ''}'; it must be one of {', '.join(TYPES)}", **where("Type")
        )
    for column in ("Level", "Direction", "Weight", *NUMERIC_META):
        if column in out:
            out[column] = _number(row[column], **where(column))
    if kind in ("Indicator", "Aggregate"):
        _check_node(out, kind, where)
    return out


def _check_node(out: dict[str, Any], kind: str, where: Any) -> None:
    level = out["Level"]
    if level is None or level != int(level) or level < 1:
        raise CompositeError(f"an {kind} needs a whole-number Level of 1 or more", **where("Level"))
    out["Level"] = int(level)
    if kind == "Indicator" and level != 1:
        raise CompositeError("an Indicator must have Level 1", **where("Level"))
    if kind == "Aggregate" and level < 2:
        raise CompositeError("an Aggregate must have Level 2 or more", **where("Level"))
    direction = out["Direction"]
    if direction is None and kind == "Aggregate":
        out["Direction"] = 1
    elif direction not in (1, -1):
        raise CompositeError("Direction must be 1 (higher is better) or -1", **where("Direction"))
    weight = out["Weight"]
    if weight is None or weight < 0:
        raise CompositeError(f"an {kind} needs a Weight of 0 or more", **where("Weight"))


def _check_tree(meta: pd.DataFrame, source: str) -> None:
    row_of = {str(code): i + 2 for i, code in enumerate(meta.index)}
    kind = {str(c): str(k) for c, k in meta["Type"].items()}
    nodes = [c for c, k in kind.items() if k in ("Indicator", "Aggregate")]
    if not nodes:
        raise CompositeError("the metadata has no row of Type Indicator", source=source)
    levels = {str(c): v for c, v in meta["Level"].items()}
    parents = {str(c): v for c, v in meta["Parent"].items()}
    level = {c: int(levels[c]) for c in nodes}
    parent: dict[str, str | None] = {c: None if pd.isna(parents[c]) else parents[c] for c in nodes}
    for code in nodes:
        above = parent[code]
        if above is None:
            continue
        where: dict[str, Any] = {"source": source, "row": row_of[code], "column": "Parent"}
        if kind.get(above) != "Aggregate":
            raise CompositeError(
                f"Parent '{above}' of '{code}' is not the iCode of an Aggregate row", **where
            )
        if level[above] <= level[code]:
            raise CompositeError(
                f"Parent '{above}' of '{code}' must be at a higher Level than '{code}'", **where
            )
    with_children = set(parent.values())
    top = max(level.values())
    for code in nodes:
        if kind[code] == "Aggregate" and code not in with_children:
            raise CompositeError(
                f"Aggregate '{code}' has no children; name it as the Parent of some rows or "
                "remove it",
                source=source,
                row=row_of[code],
                column="iCode",
            )
        if parent[code] is None and level[code] < top:
            raise CompositeError(
                f"'{code}' has no Parent but is below the top Level {top}; give it a Parent",
                source=source,
                row=row_of[code],
                column="Parent",
            )


# -- unit data --------------------------------------------------------------------------------


def _parse_units(units: pd.DataFrame, meta: pd.DataFrame, source: str) -> pd.DataFrame:
    units = units.rename(columns=lambda c: str(c).strip())
    if "uCode" not in units.columns:
        raise CompositeError("the unit data needs a 'uCode' column", source=source)
    duplicated = [c for c in units.columns if list(units.columns).count(c) > 1]
    if duplicated:
        raise CompositeError(f"column '{duplicated[0]}' appears twice", source=source)
    if units.empty:
        raise CompositeError("the unit data has no rows", source=source)
    codes = [_text(v) for v in units["uCode"]]
    for i, code in enumerate(codes):
        if code is None:
            raise CompositeError(
                "every unit needs a uCode", source=source, row=i + 2, column="uCode"
            )
    out = pd.DataFrame(index=pd.Index(codes, name="uCode"))
    numeric = set(meta.index[meta["Type"].isin(["Indicator", "Denominator"])])
    for column in units.columns:
        if column == "uCode":
            continue
        values = units[column].tolist()
        if column in numeric or (column == "Time" and _all_numbers(values)):
            out[column] = [
                _nan(_number(v, source=source, row=i + 2, column=column))
                for i, v in enumerate(values)
            ]
        else:
            out[column] = [_text(v) for v in values]
    _check_unique_units(out, source)
    return out


def _check_unique_units(units: pd.DataFrame, source: str) -> None:
    keys = (
        list(zip(units.index, units["Time"], strict=True)) if "Time" in units else list(units.index)
    )
    seen: dict[Any, int] = {}
    for i, key in enumerate(keys):
        if key in seen:
            what = "uCode and Time" if "Time" in units else "uCode"
            raise CompositeError(
                f"{what} {key!r} appears twice (also on row {seen[key]})",
                source=source,
                row=i + 2,
                column="uCode",
            )
        seen[key] = i + 2


def _cross_check(
    units: pd.DataFrame, meta: pd.DataFrame, source_units: str, source_meta: str
) -> None:
    for column in units.columns:
        if column not in SPECIAL_COLUMNS and column not in meta.index:
            raise CompositeError(
                f"column '{column}' is not described in the {source_meta}; add a row for it "
                "(Type Other to carry it along unused)",
                source=source_units,
                column=column,
            )
    row_of = {code: i + 2 for i, code in enumerate(meta.index)}
    for code, kind in meta["Type"].items():
        if kind == "Aggregate" and code in units.columns:
            raise CompositeError(
                f"'{code}' is an Aggregate, which the build computes; remove its column",
                source=source_units,
                column=str(code),
            )
        if kind in ("Indicator", "Denominator", "Group") and code not in units.columns:
            raise CompositeError(
                f"{kind} '{code}' has no column in the {source_units}",
                source=source_meta,
                row=row_of[str(code)],
                column="iCode",
            )
    if "Denominator" in meta.columns:
        for code, denominator in meta["Denominator"].items():
            if meta.at[code, "Type"] != "Indicator" or denominator is None:
                continue
            if denominator not in meta.index or meta.at[denominator, "Type"] != "Denominator":
                raise CompositeError(
                    f"Denominator '{denominator}' of '{code}' is not a column of Type Denominator",
                    source=source_meta,
                    row=row_of[str(code)],
                    column="Denominator",
                )


# -- cells ------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A cell as stripped text, ``None`` when empty; whole floats from spreadsheets lose ``.0``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _number(value: Any, *, source: str, row: int, column: str) -> float | None:
    """A numeric cell as a finite float, ``None`` when missing; numbers are read as
    :func:`stocktake.io.cells.read_number` reads them (digits 0–9 only, never ``1_000``)."""
    where: dict[str, Any] = {"source": source, "row": row, "column": column}
    if value is None:
        return None
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            raise CompositeError(
                f"the number has {len(str(abs(int(value))))} digits, too large to be a value",
                **where,
            ) from None
        if math.isinf(number):
            raise CompositeError(f"'{value}' is not a finite number", **where)
        return None if math.isnan(number) else number
    text = str(value).strip()
    if text in MISSING_TOKENS:
        return None
    try:
        parsed = read_number(text)
    except FileError as exc:
        raise CompositeError(exc.detail, **where) from None
    if parsed is None:
        raise CompositeError(
            f"'{shown(text)}' is not a number; leave the cell empty for a missing value", **where
        )
    return float(parsed)


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _all_numbers(values: list[Any]) -> bool:
    try:
        for value in values:
            _number(value, source="", row=0, column="")
    except CompositeError:
        return False
    return True
