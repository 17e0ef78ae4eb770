"""One resource of a network's knowledge catalogue, as a plain, frozen record.

Titles and summaries are multilingual text like every member text of Stocktake (a mapping from
language tag to text, English the fallback but not required: a Japanese guide may have only a
Japanese title). Tags use the frameworks' own ids (:mod:`stocktake.knowledge.vocabulary`), so a
resource tagged ``ENV-01`` meets every city whose key area is ``ENV-01``.

The policy database and financing opportunities are resources too: a policy names the ``city``
that adopted it, its ``sector`` and ``instrument``; a financing opportunity has a ``deadline``.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from stocktake.frameworks.text import localise

KINDS: tuple[str, ...] = (
    "guide",
    "toolkit",
    "case_study",
    "policy",
    "training",
    "financing",
    "solution",
)
"""The kinds of resource, as stable keys: a financing opportunity is ``financing``."""

TEXT_LANGUAGES: dict[str, str] = {"en": "en", "zh_hant": "zh-Hant", "ja": "ja", "ko": "ko"}
"""Column suffix -> language tag of the title and summary columns (``title_zh_hant``)."""


@dataclass(frozen=True)
class Resource:
    """A guide, toolkit, case study, policy, training, financing opportunity or solution."""

    id: str
    """The catalogue's own key for the resource: importing it again updates it, never doubles it."""
    kind: str
    title: dict[str, str]
    summary: dict[str, str] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    """The languages the resource itself is available in (BCP 47 tags)."""
    publisher: str = ""
    year: int | None = None
    link: str = ""
    licence: str = ""
    indicators: tuple[str, ...] = ()
    pathways: tuple[str, ...] = ()
    sdg_targets: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    """Kinds of support the resource gives (``training``, ``finance`` …)."""
    city: str = ""
    """The city that adopted the policy or is the case; a member city's short name or a name."""
    sector: str = ""
    instrument: str = ""
    deadline: datetime.date | None = None

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else English, else the first language it has."""
        return _text_in(self.title, lang)

    def summary_in(self, lang: str) -> str:
        return _text_in(self.summary, lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values: tuples as lists, the deadline as an ISO date."""
        values = asdict(self)
        values["deadline"] = self.deadline.isoformat() if self.deadline else None
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Resource:
        """The record :meth:`to_dict` wrote; a catalogue file written by Stocktake reads back."""
        data = dict(values)
        for name in ("languages", "indicators", "pathways", "sdg_targets", "support"):
            data[name] = tuple(data.get(name) or ())
        deadline = data.get("deadline")
        data["deadline"] = datetime.date.fromisoformat(deadline) if deadline else None
        return cls(**data)


def _text_in(text: dict[str, str], lang: str) -> str:
    """``lang``'s text by the frameworks' fallback, else the first of the catalogue's languages
    that it has (in the file's column order, whatever order a database keeps the keys in)."""
    if not text:
        return ""
    if lang in text or "en" in text:
        return localise(text, lang)
    order = [*TEXT_LANGUAGES.values(), *sorted(text)]
    return text[next(tag for tag in order if tag in text)]
