"""A cohort read from a folder: one answers file per city, and an optional ``cities.csv``.

Each answers file (CSV or XLSX, the layout ``stocktake score`` reads) holds one city's answers and
is named after the city: ``lanwan.csv`` holds city ``lanwan``. ``cities.csv`` describes the cities:
a ``city`` column and any of ``name``, ``kind``, ``population``, ``region``, ``languages``,
``climate``, ``economy`` and ``shares``; several languages or sectors are separated by
semicolons. A city agrees to share unless its ``shares`` cell says no.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stocktake.answers import Answer
from stocktake.errors import AnswerError, LocatedError, StocktakeError
from stocktake.frameworks.schema import Framework
from stocktake.io import read_answers, read_table
from stocktake.io.cells import read_number
from stocktake.io.tables import Table, cell_text
from stocktake.network import CityContext, Cohort

CITIES_FILE = "cities.csv"
CONTEXT_COLUMNS: tuple[str, ...] = (
    "city",
    "name",
    "kind",
    "population",
    "region",
    "languages",
    "climate",
    "economy",
    "shares",
)
_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_YES = {"yes", "y", "true", "1", ""}
_NO = {"no", "n", "false", "0"}


def read_cohort(framework: Framework, folder: Path) -> Cohort:
    """Every city's answers in ``folder``, checked against ``framework``, with their context."""
    answers = read_answers_folder(framework, folder)
    contexts_path = _cities_file(folder)
    contexts = read_contexts(contexts_path, set(answers)) if contexts_path else []
    return Cohort.build(framework, answers, contexts)


def read_answers_folder(framework: Framework, folder: Path) -> dict[str, list[Answer]]:
    """City id (the file's name without suffix) -> the answers in that file."""
    if not folder.exists():
        raise StocktakeError(f"{folder}: there is no such folder")
    if not folder.is_dir():
        raise StocktakeError(
            f"{folder} is a file; --answers takes a folder with one answers file per city"
        )
    files = [
        path
        for path in sorted(folder.iterdir())
        if path.is_file()
        and path.suffix.lower() in _SUFFIXES
        and path.name.lower() != CITIES_FILE
        and not path.name.startswith((".", "~$"))
    ]
    if not files:
        raise StocktakeError(
            f"{folder} holds no answers files; put one CSV or XLSX file per city in it, "
            "named after the city (for example lanwan.csv)"
        )
    by_city: dict[str, list[Answer]] = {}
    first: dict[str, Path] = {}
    for path in files:
        city = path.stem.strip()
        if city in first:
            raise StocktakeError(
                f"{first[city].name} and {path.name} both hold the answers of city '{city}'; "
                "keep one file per city"
            )
        first[city] = path
        by_city[city] = _city_answers(framework, path, city)
    if len(by_city) < 2:
        raise StocktakeError(
            f"{folder} holds the answers of one city ({', '.join(by_city)}); comparing cities "
            "needs at least two"
        )
    return by_city


def _city_answers(framework: Framework, path: Path, city: str) -> list[Answer]:
    answers = read_answers(path, framework=framework)
    if not answers:
        raise AnswerError("the file has a header but no answers", source=str(path))
    others = sorted({a.city for a in answers if a.city and a.city != city})
    if others:
        raise AnswerError(
            f"the file is named after city '{city}' but holds answers of "
            f"{', '.join(repr(o) for o in others)}; keep one city's answers per file, named "
            "after it",
            source=str(path),
            column="city",
        )
    return answers


def _cities_file(folder: Path) -> Path | None:
    for path in folder.iterdir():
        if path.name.lower() == CITIES_FILE and path.is_file():
            return path
    return None


def read_contexts(path: Path, known: set[str]) -> list[CityContext]:
    """The cities' contexts from ``cities.csv``; every city must have an answers file."""
    table = read_table(path, column_name=lambda cell: cell_text(cell).lower(), what="cities.csv")
    _check_columns(table)
    contexts = []
    rows: dict[str, int] = {}
    for number, cells in table.rows:
        record = {name: cell for name, cell in zip(table.columns, cells, strict=True) if name}
        city = cell_text(record.get("city"))
        where: dict[str, Any] = {"source": table.source, "row": number}
        if not city:
            raise LocatedError("the city is missing", column="city", **where)
        if city in rows:
            raise LocatedError(
                f"city '{city}' is described twice (first on row {rows[city]}); keep one row",
                column="city",
                **where,
            )
        if city not in known:
            raise LocatedError(
                f"city '{city}' has no answers file in the folder; add {city}.csv or remove "
                "the row",
                column="city",
                **where,
            )
        rows[city] = number
        contexts.append(_context(city, record, where))
    return contexts


def _check_columns(table: Table) -> None:
    unknown = [
        label
        for name, label in zip(table.columns, table.labels, strict=True)
        if name and name not in CONTEXT_COLUMNS
    ]
    if unknown or "city" not in table.columns:
        problem = (
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
            if unknown
            else "the header has no city column"
        )
        raise LocatedError(
            f"{problem}; the columns are {', '.join(CONTEXT_COLUMNS)}",
            source=table.source,
            row=table.header_row,
        )


def _context(city: str, record: dict[str, Any], where: dict[str, Any]) -> CityContext:
    try:
        return CityContext(
            city=city,
            name=cell_text(record.get("name")),
            kind=cell_text(record.get("kind")) or None,
            population=_population(record.get("population"), where),
            region=cell_text(record.get("region")) or None,
            languages=_listed(record.get("languages")),
            climate=cell_text(record.get("climate")) or None,
            economy=_listed(record.get("economy")),
            shares=_shares(record.get("shares"), where),
        )
    except LocatedError:
        raise
    except StocktakeError as exc:
        raise LocatedError(str(exc), **where) from None


def _population(cell: Any, where: dict[str, Any]) -> float | None:
    text = cell_text(cell)
    if not text:
        return None
    number = cell if isinstance(cell, int | float) and not isinstance(cell, bool) else None
    if number is None:
        number = read_number(text)
    if number is None:
        raise LocatedError(
            f"the population must be a number written with digits only (2700000), not '{text}'",
            column="population",
            **where,
        )
    return float(number)


def _listed(cell: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in cell_text(cell).split(";") if p.strip()))


def _shares(cell: Any, where: dict[str, Any]) -> bool:
    text = cell_text(cell).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise LocatedError(
        f"shares must be yes or no (also true/false, 1/0), not '{cell_text(cell)}'",
        column="shares",
        **where,
    )
