"""The commented spec and VARY files ``stocktake composite init`` writes, fitted to a data set.

A first index should not start from a blank page or from an example about someone else's data.
The files written here name the data set's own indicators, aggregates and group columns, say in
comments what each stage will do to this data (how many cells imputation fills, which column it
imputes within), and are accepted by ``composite build``, ``uncertainty`` and ``sensitivity`` as
they are. Without a metadata file, one is inferred from the data: every numeric column an
indicator, every text column a group, all under one index with equal weights and direction 1,
for a person to check.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from stocktake.composite import CompositeData, CompositeError, from_frames, read_table, read_tabular
from stocktake.composite.data import MISSING_TOKENS, SPECIAL_COLUMNS
from stocktake.io.spreadsheets import write_frame, write_text

META_COLUMNS = ["iCode", "iName", "Level", "Parent", "Direction", "Weight", "Type"]
LISTED = 8
"""Codes named in a comment before the rest are counted instead."""


@dataclass(frozen=True)
class StarterFiles:
    """What ``init`` writes: the spec, the VARY file and, when it was inferred, the metadata."""

    spec: str
    vary: str
    meta: pd.DataFrame | None

    def paths(self, out: Path) -> list[Path]:
        names = ["spec.yaml", "vary.yaml"] + (["meta.csv"] if self.meta is not None else [])
        return [out / name for name in names]

    def write(self, out: Path, *, force: bool = False) -> list[Path]:
        """Write the files into ``out``; refuse to replace an existing one unless ``force``."""
        paths = self.paths(out)
        existing = [path for path in paths if path.exists()]
        if existing and not force:
            raise CompositeError(
                f"{existing[0]} exists already; choose another --out or add --force to replace it"
            )
        out.mkdir(parents=True, exist_ok=True)
        write_text(paths[0], self.spec)
        write_text(paths[1], self.vary)
        if self.meta is not None:
            write_frame(self.meta, paths[2], index=False)
        return paths


def starter_files(data_path: Path, meta_path: Path | None = None) -> StarterFiles:
    """Read the data (and metadata, or infer it) and write the starter files' text."""
    if meta_path is not None:
        data = read_tabular(data_path, meta_path)
        meta = None
    else:
        table = read_table(data_path)
        meta = inferred_meta(table, str(data_path))
        data = from_frames(table, meta, source_units=str(data_path), source_meta="metadata")
    facts = DataFacts.of(data, data_path.name)
    return StarterFiles(starter_spec(facts), starter_vary(facts), meta)


# -- metadata from the data alone ------------------------------------------------------------


def inferred_meta(table: pd.DataFrame, source: str) -> pd.DataFrame:
    """A metadata table for ``table``: numeric columns as indicators under one index.

    Text columns become groups (for imputation within a group) and empty columns are carried
    along as ``Other``. Every indicator gets direction 1 and weight 1: only a person knows which
    indicators are better when lower.
    """
    kinds = {
        str(column).strip(): _column_type(table[column].tolist())
        for column in table.columns
        if str(column).strip() not in SPECIAL_COLUMNS
    }
    columns = list(kinds)
    indicators = [c for c, kind in kinds.items() if kind == "Indicator"]
    if not indicators:
        raise CompositeError(
            "no column holds numbers, so there is no indicator to build an index from; "
            "give the indicators as numeric columns next to uCode",
            source=source,
        )
    index = _free_code("Index", set(columns))
    rows = [_meta_row(column, kind, index) for column, kind in kinds.items()]
    top = {"iCode": index, "iName": "Index", "Level": 2, "Parent": None, "Direction": 1}
    rows.append(top | {"Weight": 1, "Type": "Aggregate"})
    return pd.DataFrame(rows, columns=META_COLUMNS, dtype=object)  # 1, not 1.0, in the CSV


def _column_type(values: list[Any]) -> str:
    present = [v for v in values if not _missing(v)]
    if not present:
        return "Other"
    return "Indicator" if all(_is_number(v) for v in present) else "Group"


def _missing(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return isinstance(value, str) and value.strip() in MISSING_TOKENS


def _is_number(value: Any) -> bool:
    try:
        return math.isfinite(float(str(value).strip()))
    except ValueError:
        return False


def _free_code(wanted: str, taken: set[str]) -> str:
    code, n = wanted, 1
    while code in taken:
        n += 1
        code = f"{wanted}{n}"
    return code


def _meta_row(column: str, kind: str, index: str) -> dict[str, Any]:
    node = kind == "Indicator"
    return {
        "iCode": column,
        "iName": column,
        "Level": 1 if node else None,
        "Parent": index if node else None,
        "Direction": 1 if node else None,
        "Weight": 1 if node else None,
        "Type": kind,
    }


# -- what the comments say about the data ----------------------------------------------------


def latest_time(data: CompositeData) -> tuple[CompositeData, str | None, list[str]]:
    """The rows of the latest time point, its label and every label, for panel data."""
    if "Time" not in data.units.columns:
        return data, None, []
    labels = sorted({_label(t) for t in data.units["Time"].dropna()}, key=_time_order)
    if len(labels) < 2:
        return data, None, labels
    latest = labels[-1]
    rows = data.units[[_label(t) == latest for t in data.units["Time"]]]
    return data.with_units(rows), latest, labels


def _label(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _time_order(label: str) -> tuple[int, float, str]:
    return (0, float(label), "") if _is_number(label) else (1, 0.0, label)


@dataclass(frozen=True)
class DataFacts:
    """What the starter files say about the data set they were fitted to."""

    source: str
    units: int
    indicators: tuple[str, ...]
    aggregates: dict[int, tuple[str, ...]]
    groups: tuple[str, ...]
    denominated: tuple[str, ...]
    missing: int
    cells: int
    first_unit: str
    most_skewed: str
    time: str | None
    times: tuple[str, ...]

    @classmethod
    def of(cls, data: CompositeData, source: str) -> DataFacts:
        """The facts of ``data``; of its latest time point when it holds several."""
        data, time, times = latest_time(data)
        hierarchy = data.hierarchy
        values = data.indicators()
        denominated = [c for c in data.indicator_codes if data.meta_value(c, "Denominator")]
        return cls(
            source=source,
            units=len(values),
            indicators=tuple(data.indicator_codes),
            aggregates={
                level: tuple(hierarchy.at_level(level))
                for level in range(2, hierarchy.max_level + 1)
                if hierarchy.at_level(level)
            },
            groups=data.codes_of_type("Group"),
            denominated=tuple(denominated),
            missing=int(values.isna().to_numpy().sum()),
            cells=int(values.size),
            first_unit=str(values.index[0]),
            most_skewed=_most_skewed(values),
            time=time,
            times=tuple(times),
        )

    @property
    def top(self) -> str:
        return self.aggregates[max(self.aggregates)][0] if self.aggregates else self.indicators[0]

    @property
    def inner_aggregate(self) -> str | None:
        """An aggregate below the top, for examples of per-aggregate rules."""
        below = [code for level in sorted(self.aggregates)[:-1] for code in self.aggregates[level]]
        return below[0] if below else None


def _most_skewed(values: pd.DataFrame) -> str:
    """The indicator of largest absolute skewness (the first one when none can be measured)."""
    skew = values.skew().abs().dropna()
    return str(skew.idxmax()) if not skew.empty else str(values.columns[0])


def _codes(codes: tuple[str, ...]) -> str:
    shown = ", ".join(codes[:LISTED])
    return shown if len(codes) <= LISTED else f"{shown} and {len(codes) - LISTED} more"


def _yaml(value: Any) -> str:
    """One value in YAML flow style, quoted where YAML needs it (a code such as NA or yes)."""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**6
    )
    return text.strip().removesuffix("...").strip()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- the spec --------------------------------------------------------------------------------


def starter_spec(facts: DataFacts) -> str:
    """The build specification, one commented section per stage."""
    sections = [
        _spec_header(facts),
        _time_section(facts),
        _denominate_section(facts),
        _impute_section(facts),
        _screen_section(facts),
        _treat_section(facts),
        _normalise_section(facts),
        WEIGHTS,
        _aggregate_section(facts),
        RANK,
    ]
    return "\n".join(section for section in sections if section)


def _spec_header(facts: DataFacts) -> str:
    levels = "; ".join(
        f"level {level}: {_codes(codes)}" for level, codes in sorted(facts.aggregates.items())
    )
    groups = f" Group columns: {_codes(facts.groups)}." if facts.groups else ""
    return (
        _comment(
            f"Build specification for {facts.source}, written by `stocktake composite init` as "
            "a starting point to edit."
        )
        + _comment(
            f"{_plural(facts.units, 'unit')}; {_plural(len(facts.indicators), 'indicator')}: "
            f"{_codes(facts.indicators)}. Aggregates, {levels or 'none'}.{groups}"
        )
        + "# A stage runs when its key is present; delete it (or write `false`) to skip it. Every\n"
        '# setting and its default: docs/composite.md, section "The specification file".\n'
    )


def _comment(paragraph: str) -> str:
    """A paragraph as YAML comment lines that fit the page."""
    lines = textwrap.wrap(paragraph, width=92, break_long_words=False, break_on_hyphens=False)
    return "".join(f"# {line}\n" for line in lines)


def _time_section(facts: DataFacts) -> str:
    if facts.time is None:
        return ""
    return (
        _comment(f"The data holds several time points ({_codes(facts.times)}); the build uses one.")
        + f"time: {facts.time if _is_number(facts.time) else _yaml(facts.time)}\n"
    )


def _denominate_section(facts: DataFacts) -> str:
    if not facts.denominated:
        return ""
    return (
        _comment(f"Divide {_codes(facts.denominated)} by the Denominator the metadata names.")
        + "denominate: true\n"
    )


def _impute_section(facts: DataFacts) -> str:
    if not facts.missing:
        return (
            f"# No indicator value is missing in {facts.source}, so nothing is imputed.\n"
            "# impute: {method: mean}\n"
        )
    share = f"{_plural(facts.missing, 'cell')} of {facts.cells}"
    if facts.groups:
        group = facts.groups[0]
        return (
            f"# Missing values ({share}) become the indicator's mean over the units of the same\n"
            f"# {group}; delete by_group to take the mean over all units.\n"
            "impute:\n"
            "  method: mean          # mean | median | none\n"
            f"  by_group: {_yaml(group)}\n"
        )
    return (
        f"# Missing values ({share}) become the indicator's mean over all units.\n"
        "impute:\n"
        "  method: mean          # mean | median | none\n"
    )


def _screen_section(facts: DataFacts) -> str:
    example = {"min_availability": 0.5, "exclude": [facts.first_unit]}
    return (
        "# Units with values for fewer than two thirds of the indicators are left out of the\n"
        "# index.\n"
        f"screen: true   # or, for example, {_yaml(example)}\n"
    )


def _treat_section(facts: DataFacts) -> str:
    example = {facts.most_skewed: "none"}
    return (
        _comment(
            "Outliers: winsorise up to 5 points of a skewed indicator, and log-transform it if "
            f"it is still skewed (COINr's default). The most skewed one is {facts.most_skewed}."
        )
        + "treat:\n"
        "  method: winsorise_then_log   # winsorise_then_log | winsorise | log | none\n"
        "  winmax: 5\n"
        f"  # indicators: {_yaml(example)}   # an indicator left as it is\n"
    )


def _normalise_section(facts: DataFacts) -> str:
    example = {facts.indicators[0]: -1}
    return (
        "# Min-max to [1, 100]: strictly positive, so a geometric mean can be tried too.\n"
        "normalise:\n"
        "  method: minmax\n"
        "  range: [1, 100]\n"
        f"  # directions: {_yaml(example)}   # lower is better, whatever the metadata says\n"
    )


WEIGHTS = """\
# Weights from the metadata's Weight column; `equal` gives every sibling the same weight.
weights:
  use: meta
"""


def _aggregate_section(facts: DataFacts) -> str:
    inner = facts.inner_aggregate
    example = (
        f"  # groups: {_yaml({inner: {'method': 'geometric'}})}   # one aggregate's own rule\n"
        if inner
        else ""
    )
    return (
        f"# Weighted arithmetic mean up the tree, to {facts.top}.\n"
        "aggregate:\n"
        "  method: arithmetic    # arithmetic | geometric | harmonic | power | copeland\n"
        f"{example}"
    )


RANK = """\
# Higher scores rank first; tied units share the best rank of the tie.
rank:
  ties: min
"""


# -- the VARY file ---------------------------------------------------------------------------


def starter_vary(facts: DataFacts) -> str:
    """The uncertain settings of :func:`starter_spec`, one commented entry each."""
    entries = [
        "  # How many points of an indicator winsorisation may change.\n"
        "  treat.winmax: {values: [1, 2, 3, 4, 5]}\n",
    ]
    if facts.missing:
        entries.append(
            f"  # Missing values ({_plural(facts.missing, 'cell')}): the mean or the median.\n"
            "  impute.method: {values: [mean, median]}\n"
        )
    entries += [
        "  # Two normalisations, both above zero so that a geometric mean is defined.\n"
        "  normalise:\n"
        "    values:\n"
        "      - {method: minmax, range: [1, 100]}\n"
        "      - {method: rank}\n",
        "  # Every weight multiplied by its own draw from U(0.75, 1.25).\n"
        "  weights: {noise: 0.25}\n",
        "  # Full compensation between children (arithmetic) or less of it (geometric).\n"
        "  aggregate.method: {values: [arithmetic, geometric]}\n",
    ]
    header = (
        f"# Uncertain settings of spec.yaml for {facts.source}, written by `stocktake composite\n"
        "# init`, for `stocktake composite uncertainty` and `sensitivity`. Each entry names a\n"
        "# setting by its dotted path in the spec and gives equally likely alternatives (values)\n"
        "# or a uniform range ([low, high]); docs/robustness.md describes every form.\n"
    )
    return header + "vary:\n" + "".join(entries)
