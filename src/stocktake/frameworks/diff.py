"""What changed between two frameworks, indicator by indicator.

Indicators are matched by id. One present in ``a`` only is *dropped*, in ``b`` only *added*.
One in both is *reworded* when a text a person reads changed in some language (title,
description, guidance, unit, a level's label or descriptor, an option's or a band's label),
*reweighted* when its weight changed, *rescaled* when what an answer is worth changed (its type,
levels, bands, options, goalposts, direction …), and *not applicable* when ``b`` marks it so and
``a`` does not. Rescaled indicators cannot be compared between the two; reworded and reweighted
ones can (``docs/frameworks.md``, "Deriving a local version"). A rescaled indicator is not also
listed as reworded: its texts follow its new scale.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from stocktake.frameworks.schema import Framework, Indicator

TEXT_FIELDS: tuple[str, ...] = ("title", "description", "guidance", "unit")
"""An indicator's own texts; the texts of its levels, options and bands are compared too."""
_NOT_SCALE = frozenset(
    {
        "id",
        "title",
        "description",
        "guidance",
        "weight",
        "pathways",
        "sdg_targets",
        "departments",
        "optional",
        "target",
        "provenance",
        "label",
        "descriptor",
    }
)


@dataclass(frozen=True)
class Reworded:
    """An indicator whose texts changed, each as ``field.language``: ``title.en``,
    ``levels[2].descriptor.ja``."""

    indicator: str
    texts: tuple[str, ...]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(text.rsplit(".", 1)[1] for text in self.texts))


@dataclass(frozen=True)
class Reweighted:
    indicator: str
    before: float
    after: float


@dataclass(frozen=True)
class FrameworkDiff:
    """The indicators of ``a`` and ``b`` (two ``id@version`` keys) that differ, in file order.

    ``shared`` are the indicators in both whose scale is the same and that neither marks not
    applicable: the ones whose answers mean the same on either side.
    """

    a: str
    b: str
    dropped: tuple[str, ...]
    added: tuple[str, ...]
    reworded: tuple[Reworded, ...]
    reweighted: tuple[Reweighted, ...]
    rescaled: tuple[str, ...]
    not_applicable: tuple[str, ...]
    shared: tuple[str, ...]

    @property
    def unchanged(self) -> bool:
        return not (
            self.dropped
            or self.added
            or self.reworded
            or self.reweighted
            or self.rescaled
            or self.not_applicable
        )

    def to_dict(self) -> dict[str, Any]:
        """Lists of indicator ids under each key, and the details under ``texts`` and
        ``weights``."""
        return {
            "a": self.a,
            "b": self.b,
            "dropped": list(self.dropped),
            "added": list(self.added),
            "reworded": [item.indicator for item in self.reworded],
            "reweighted": [item.indicator for item in self.reweighted],
            "rescaled": list(self.rescaled),
            "not_applicable": list(self.not_applicable),
            "shared": len(self.shared),
            "texts": {item.indicator: list(item.texts) for item in self.reworded},
            "weights": {
                item.indicator: {"before": item.before, "after": item.after}
                for item in self.reweighted
            },
        }


def diff(a: Framework, b: Framework) -> FrameworkDiff:
    """What became of ``a``'s indicators in ``b``, and what ``b`` added.

    ``a`` is usually the base and ``b`` a version derived from it, or the earlier and the later
    version of one framework; any two frameworks can be compared.
    """
    before = {ind.id: ind for ind in a.indicators()}
    after = {ind.id: ind for ind in b.indicators()}
    both = [key for key in after if key in before]
    rescaled = [key for key in both if scale(before[key]) != scale(after[key])]
    return FrameworkDiff(
        a=a.key,
        b=b.key,
        dropped=tuple(key for key in before if key not in after),
        added=tuple(key for key in after if key not in before),
        reworded=tuple(
            Reworded(key, texts)
            for key in both
            if key not in rescaled and (texts := tuple(changed_texts(before[key], after[key])))
        ),
        reweighted=tuple(
            Reweighted(key, before[key].weight, after[key].weight)
            for key in both
            if before[key].weight != after[key].weight
        ),
        rescaled=tuple(rescaled),
        not_applicable=tuple(
            key for key in both if key in b.not_applicable and key not in a.not_applicable
        ),
        shared=tuple(
            key
            for key in both
            if key not in rescaled and key not in a.not_applicable and key not in b.not_applicable
        ),
    )


def scale(indicator: Indicator) -> Any:
    """What an answer to ``indicator`` is worth: everything but its texts and metadata.

    Two indicators with the same scale turn the same answer into the same points. A unit is
    compared in English only, as its translations may differ in wording.
    """
    data = indicator.model_dump(mode="json", exclude_none=True)
    if "unit" in data:
        data["unit"] = data["unit"]["en"]
    return _without_texts(data)


def changed_texts(a: Indicator, b: Indicator) -> Iterator[str]:
    """``field.language`` for every text of the indicator that differs between ``a`` and ``b``."""
    old, new = dict(_texts_of(a)), dict(_texts_of(b))
    for path in dict.fromkeys([*old, *new]):
        before, after = old.get(path, {}), new.get(path, {})
        for lang in dict.fromkeys([*before, *after]):
            if before.get(lang) != after.get(lang):
                yield f"{path}.{lang}"


def _without_texts(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_texts(v) for k, v in node.items() if k not in _NOT_SCALE}
    if isinstance(node, list):
        return [_without_texts(item) for item in node]
    return node


def _texts_of(indicator: Indicator) -> Iterator[tuple[str, Mapping[str, str]]]:
    for field in TEXT_FIELDS:
        text = getattr(indicator, field, None)
        if text is not None:
            yield field, text
    for kind, items in (
        ("levels", getattr(indicator, "levels", [])),
        ("options", getattr(indicator, "options", [])),
    ):
        for item in items:
            key = item.value if kind == "levels" else item.id
            yield f"{kind}[{key}].label", item.label
            if getattr(item, "descriptor", None) is not None:
                yield f"{kind}[{key}].descriptor", item.descriptor
    table = getattr(indicator, "bands", None)
    for k, band in enumerate(table.bands if table is not None else []):
        if band.label is not None:
            yield f"bands[{k}].label", band.label
