"""The catalogue as a file: one row per resource, in CSV, XLSX or JSON, read all or nothing.

Every row is checked before any resource is returned, and every problem is reported with its row
and column (rows counted as a spreadsheet counts them, the header being row 1), so a secretariat
fixes the whole file in one go; a file with any problem yields no resource at all. List cells
(languages, tags) separate their items with ``;`` (``,`` and the ideographic ``、`` are read too).
Text that a spreadsheet would run as a formula is refused, and the writers neutralise it anyway
(:mod:`stocktake.io.spreadsheets`).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stocktake.errors import FileError, StocktakeError
from stocktake.frameworks.text import canonical_tag
from stocktake.io.cells import FORMULA_STARTS, is_plain_number
from stocktake.io.spreadsheets import Sheet, Target, write_csv, write_text, write_xlsx
from stocktake.io.tables import UncalculatedFormula, cell_text, read_table
from stocktake.knowledge.records import KINDS, TEXT_LANGUAGES, Resource
from stocktake.knowledge.vocabulary import Vocabulary

TITLE_COLUMNS = tuple(f"title_{suffix}" for suffix in TEXT_LANGUAGES)
SUMMARY_COLUMNS = tuple(f"summary_{suffix}" for suffix in TEXT_LANGUAGES)
LIST_COLUMNS = ("languages", "indicators", "pathways", "sdg_targets", "support")
COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    *TITLE_COLUMNS,
    *SUMMARY_COLUMNS,
    "languages",
    "publisher",
    "year",
    "link",
    "licence",
    *LIST_COLUMNS[1:],
    "city",
    "sector",
    "instrument",
    "deadline",
)
"""The columns of a catalogue file, in the order Stocktake writes them."""

MAX_LENGTH: dict[str, int] = {
    "id": 64,
    "link": 500,
    **dict.fromkeys(TITLE_COLUMNS, 300),
    **dict.fromkeys(SUMMARY_COLUMNS, 4000),
    **dict.fromkeys(("publisher", "licence", "city", "sector", "instrument"), 200),
    **dict.fromkeys(LIST_COLUMNS, 1000),
}
MAX_ROWS = 5000
"""Rows per file: a network's catalogue is hundreds of resources; beyond this it is a mistake."""
YEARS = range(1900, 2101)
YEAR = re.compile(r"[0-9]{1,4}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A deadline as YYYY-MM-DD only: Python's ISO reader also takes 20260331 and 2026-W10-1, which
would be stored and shown as another text than the one written."""
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")
LANGUAGE_LENGTH = 35
"""The longest language tag (RFC 5646, section 4.4.1, asks implementations to keep 35)."""
LINK = re.compile(r"^https?://[^\s/$.?#][^\s]*\Z", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters other than tab and line breaks: PostgreSQL refuses NUL in text, and a
workbook cannot hold the others, so a catalogue that kept them could not be stored or exported."""
LINE_BREAK = re.compile(r"\r\n?")
SEPARATORS = re.compile(r"[;,、；，\s]+")
JSON_FORMAT = 1
"""The version of the JSON catalogue layout: ``{"format": 1, "resources": [...]}``."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, where a person finds it, with a code for translation."""

    row: int | None
    column: str | None
    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else "", self.column or ""]
        located = ", ".join(part for part in where if part)
        return f"{located}: {self.text}" if located else self.text


class CatalogueFileError(StocktakeError):
    """The file has problems; nothing of it was taken. ``problems`` lists every one."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        count = len(self.problems)
        super().__init__(
            f"{source}: {count} problem{'s' if count != 1 else ''}, nothing was read: {shown}{more}"
        )


Rows = Sequence[tuple[int, Mapping[str, Any]]]
"""Rows as a spreadsheet numbers them, each with its cells by (lower-case) column name."""


def check_rows(
    rows: Rows, *, columns: Sequence[str], header_row: int = 1, vocabulary: Vocabulary
) -> tuple[list[Resource], list[Problem]]:
    """Every row checked: the resources when there is no problem, else every problem.

    ``columns`` is the header as read; a column the format does not know is a problem (a typo
    would otherwise drop a whole column of tags without a word).
    """
    problems = [
        Problem(header_row, name, "unknown_column", f"the column {name} is not a catalogue column")
        for name in columns
        if name and name not in COLUMNS
    ]
    for name in ("id", "kind"):
        if name not in columns:
            text = f"the header has no column {name}"
            problems.append(Problem(header_row, name, "missing_column", text))
    if not any(name in columns for name in TITLE_COLUMNS):
        text = "the header has no title column (title_en, title_zh_hant, title_ja or title_ko)"
        problems.append(Problem(header_row, "title_en", "missing_column", text))
    if not rows:
        text = "the file has a header but no resource below it"
        problems.append(Problem(None, None, "no_rows", text))
    if len(rows) > MAX_ROWS:
        text = f"at most {MAX_ROWS} rows; split the file"
        problems.append(Problem(None, None, "too_many_rows", text, {"limit": MAX_ROWS}))
    if problems:
        return [], problems
    resources: list[Resource] = []
    first_row: dict[str, int] = {}
    for number, cells in rows:
        checker = _RowChecker(number, cells, vocabulary)
        resource = checker.resource()
        problems.extend(checker.problems)
        if resource is None:
            continue
        if resource.id in first_row:
            text = f"row {first_row[resource.id]} has the same id; give each resource its own"
            problems.append(
                Problem(number, "id", "duplicate_id", text, {"first": first_row[resource.id]})
            )
            continue
        first_row[resource.id] = number
        resources.append(resource)
    return ([] if problems else resources), problems


class _RowChecker:
    """One row's cells turned into a resource, every problem of the row noted on the way."""

    def __init__(self, number: int, cells: Mapping[str, Any], vocabulary: Vocabulary) -> None:
        self.number = number
        self.raw = cells
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []

    def problem(self, column: str, code: str, text: str, **params: Any) -> None:
        self.problems.append(Problem(self.number, column, code, text, params))

    def text(self, column: str) -> str:
        value = self.raw.get(column)
        if isinstance(value, UncalculatedFormula):
            self.problem(
                column,
                "uncalculated_formula",
                "the cell holds a formula whose value was never calculated (the file was "
                "written by a program), so it would read as empty; open the file in a "
                "spreadsheet program and save it, or type the value itself",
                formula=value.formula,
            )
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()[:10]
        # One line break, "\n", whatever the file used: a workbook keeps no "\r", so text with
        # one would read back changed from a catalogue's own XLSX export.
        text = LINE_BREAK.sub("\n", cell_text(value))
        limit = MAX_LENGTH.get(column)
        if limit is not None and len(text) > limit:
            self.problem(
                column,
                "too_long",
                f"at most {limit} characters, this cell has {len(text)}",
                limit=limit,
                count=len(text),
            )
            return ""
        if CONTROL.search(text):
            self.problem(
                column,
                "control_character",
                "this cell holds a control character (such as NUL) that text cannot keep; "
                "delete it",
            )
            return ""
        if text and text[0] in FORMULA_STARTS and not is_plain_number(text):
            self.problem(
                column, "formula", "this looks like a spreadsheet formula; write the value itself"
            )
            return ""
        return text

    def resource(self) -> Resource | None:
        key, kind = self.text("id"), self.text("kind")
        if not key:
            self.problem("id", "required", "this cell is required")
        elif not ID.match(key):
            self.problem(
                "id",
                "bad_id",
                "letters, digits, '-', '_' and '.' only, starting with a letter or digit",
            )
        if not kind:
            self.problem("kind", "required", "this cell is required")
        elif kind not in KINDS:
            self.problem("kind", "unknown_kind", f"one of {', '.join(KINDS)}", kinds=list(KINDS))
        before = len(self.problems)
        title = self.texts(TITLE_COLUMNS)
        if not title and len(self.problems) == before:
            self.problem("title_en", "no_title", "give the title in at least one language")
        resource = Resource(
            id=key,
            kind=kind,
            title=title,
            summary=self.texts(SUMMARY_COLUMNS),
            languages=self.languages(),
            publisher=self.text("publisher"),
            year=self.year(),
            link=self.link(),
            licence=self.text("licence"),
            indicators=self.tags("indicators", self.vocabulary.indicators),
            pathways=self.tags("pathways", self.vocabulary.pathways),
            sdg_targets=self.sdg_targets(),
            support=self.tags("support", self.vocabulary.support),
            city=self.text("city"),
            sector=self.text("sector"),
            instrument=self.text("instrument"),
            deadline=self.deadline(),
        )
        if kind == "policy" and not resource.city:
            self.problem("city", "policy_city", "a policy names the city that adopted it")
        if resource.deadline is not None and kind in KINDS and kind != "financing":
            self.problem(
                "deadline",
                "deadline_kind",
                "only a financing opportunity has a deadline; leave this cell empty",
            )
        return None if self.problems else resource

    def texts(self, columns: Sequence[str]) -> dict[str, str]:
        found = {}
        for column in columns:
            text = self.text(column)
            if text:
                found[TEXT_LANGUAGES[column.split("_", 1)[1]]] = text
        return found

    def items(self, column: str) -> list[str]:
        return list(dict.fromkeys(p for p in SEPARATORS.split(self.text(column)) if p))

    def tags(self, column: str, known: frozenset[str]) -> tuple[str, ...]:
        items = self.items(column)
        unknown = [item for item in items if item not in known]
        if unknown:
            self.problem(
                column,
                "unknown_tag",
                f"not in the frameworks' vocabulary: {', '.join(unknown)}",
                values=unknown,
            )
        return tuple(items)

    def sdg_targets(self) -> tuple[str, ...]:
        items = self.items("sdg_targets")
        wrong = [item for item in items if not self.vocabulary.is_sdg_target(item)]
        if wrong:
            self.problem(
                "sdg_targets",
                "bad_sdg_target",
                f"not an SDG target such as 11.5 or 13.b: {', '.join(wrong)}",
                values=wrong,
            )
        return tuple(items)

    def languages(self) -> tuple[str, ...]:
        items = self.items("languages")
        wrong = [item for item in items if len(item) > LANGUAGE_LENGTH or not LANGUAGE.match(item)]
        if wrong:
            self.problem(
                "languages",
                "bad_language",
                f"not a language tag such as en, zh-Hant, ja or ko: {', '.join(wrong)}",
                values=wrong,
            )
        return tuple(dict.fromkeys(canonical_tag(item) for item in items))

    def year(self) -> int | None:
        text = self.text("year")
        if not text:
            return None
        # ASCII digits only: "2020²" and "①" pass str.isdigit() but are no year int() can read.
        if not YEAR.fullmatch(text) or int(text) not in YEARS:
            self.problem("year", "bad_year", "a year from 1900 to 2100")
            return None
        return int(text)

    def link(self) -> str:
        text = self.text("link")
        if text and not LINK.match(text):
            self.problem("link", "bad_link", "a web address starting with https:// or http://")
            return ""
        return text

    def deadline(self) -> datetime.date | None:
        value = self.raw.get("deadline")
        if isinstance(value, datetime.date):
            return value.date() if isinstance(value, datetime.datetime) else value
        text = self.text("deadline")
        if not text:
            return None
        try:
            if not DATE.fullmatch(text):
                raise ValueError(text)
            found = datetime.date.fromisoformat(text)
            if found.year not in YEARS:  # 0001-01-01 and 9999-12-31 are typing mistakes
                raise ValueError(text)
            return found
        except ValueError:
            self.problem(
                "deadline",
                "bad_date",
                "a date from 1900 to 2100 written as YYYY-MM-DD, such as 2026-03-31",
            )
            return None


# -- files ------------------------------------------------------------------------------------


def read_catalogue(path: str | Path, *, vocabulary: Vocabulary | None = None) -> list[Resource]:
    """Every resource of a CSV, XLSX or JSON catalogue file, or :class:`CatalogueFileError`.

    A file that cannot be read at all (not UTF-8, a broken quote, not a workbook) raises
    :class:`~stocktake.errors.FileError` with its row and column.
    """
    path = Path(path)
    vocabulary = vocabulary or Vocabulary.of()
    if path.suffix.lower() == ".json":
        columns, header_row, rows = list(COLUMNS), 0, _json_rows(path)
    else:
        table = read_table(
            path,
            column_name=lambda cell: cell_text(cell).lower(),
            what="a catalogue file",
            max_rows=MAX_ROWS,
            uncalculated="mark",  # a row problem like any other, so every problem is listed
        )
        columns, header_row = list(table.columns), table.header_row
        rows = [
            (number, dict(zip(table.columns, cells, strict=True))) for number, cells in table.rows
        ]
    resources, problems = check_rows(
        rows, columns=columns, header_row=header_row, vocabulary=vocabulary
    )
    if problems:
        raise CatalogueFileError(str(path), problems)
    return resources


def _json_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """A JSON catalogue's resources as rows numbered from 1, checked like a table's."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        listed = data["resources"] if data.get("format") == JSON_FORMAT else None
        if not isinstance(listed, list):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise FileError(
            "not a catalogue written by 'stocktake catalogue import' (JSON with format 1)",
            source=str(path),
        ) from None
    return [(n, _json_cells(item, n, str(path))) for n, item in enumerate(listed, start=1)]


def _json_cells(item: Any, number: int, source: str) -> dict[str, Any]:
    """One JSON resource as a row's cells, for the rules every row meets; the deadline as
    written, so that it is held to YYYY-MM-DD as a table's is (Python's reader would take a
    week date). A resource that is not written as the catalogue writes one is refused at its
    place in the list."""
    _refuse_other_languages(item, number, source)
    try:
        values = dict(item)
        deadline = values.pop("deadline", None)
        cells: dict[str, Any] = resource_cells(Resource.from_dict(values))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise FileError(
            "this resource is not written as a catalogue written by 'stocktake catalogue "
            "import' writes one (its keys and their kinds of value)",
            source=source,
            row=number,
        ) from None
    cells["deadline"] = "" if deadline is None else str(deadline)
    return cells


def _refuse_other_languages(item: Any, number: int, source: str) -> None:
    """A title or summary in a language the catalogue has no column for is refused, as a
    ``title_fr`` column would be, rather than dropped without a word."""
    for name in ("title", "summary"):
        texts = item.get(name) if isinstance(item, dict) else None
        other = sorted(set(texts) - set(TEXT_LANGUAGES.values())) if isinstance(texts, dict) else []
        if other:
            raise FileError(
                f"the {name} has a text in {', '.join(other)}, a language the catalogue does not "
                f"keep; its languages are {', '.join(TEXT_LANGUAGES.values())}",
                source=source,
                row=number,
                column=name,
            )


def resource_cells(resource: Resource) -> dict[str, str]:
    """A resource as the text of its row, each column by name."""
    cells = {name: "" for name in COLUMNS}
    for suffix, lang in TEXT_LANGUAGES.items():
        cells[f"title_{suffix}"] = resource.title.get(lang, "")
        cells[f"summary_{suffix}"] = resource.summary.get(lang, "")
    for name in ("id", "kind", "publisher", "link", "licence", "city", "sector", "instrument"):
        cells[name] = getattr(resource, name)
    for name in LIST_COLUMNS:
        cells[name] = "; ".join(getattr(resource, name))
    cells["year"] = "" if resource.year is None else str(resource.year)
    # Only a financing opportunity has a deadline: one kept on another kind by an earlier
    # version is left out, so the catalogue's export loads back.
    closes = resource.deadline is not None and resource.kind == "financing"
    cells["deadline"] = resource.deadline.isoformat() if closes and resource.deadline else ""
    return cells


WRITTEN_FORMATS = ("json", "csv", "xlsx")
"""The formats :func:`write_catalogue` writes, chosen by a path's suffix."""


def written_format(path: Path) -> str:
    """The format ``path``'s suffix names, or :class:`FileError`: checked before anything is
    written, so that a command with two files to write writes both or neither."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in WRITTEN_FORMATS:
        raise FileError("a catalogue is written as .csv, .xlsx or .json", source=str(path))
    return fmt


def write_catalogue(
    resources: Sequence[Resource], target: Target, *, fmt: str | None = None
) -> None:
    """Write the catalogue as ``csv``, ``xlsx`` or ``json`` (by default the path's suffix).

    A path is written whole or not at all; a stream (an HTTP response) is written to.
    """
    if fmt is None:
        fmt = written_format(Path(target)) if isinstance(target, str | Path) else ""
    rows = [[resource_cells(r)[name] for name in COLUMNS] for r in resources]
    if fmt == "csv":
        write_csv(target, COLUMNS, rows)
    elif fmt == "xlsx":
        write_xlsx(target, [Sheet(title="catalogue", header=COLUMNS, rows=rows)])
    elif fmt == "json":
        document = {"format": JSON_FORMAT, "resources": [r.to_dict() for r in resources]}
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if isinstance(target, str | Path):
            write_text(target, text)
        else:
            target.write(text.encode("utf-8"))
    else:
        raise FileError("a catalogue is written as .csv, .xlsx or .json", source=str(target))
