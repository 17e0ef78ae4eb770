"""The catalogue's words for the command line: kinds of resource and the search table's headings.

``stocktake catalogue search --lang ko`` speaks as the catalogue page does, through the same
compiled messages (:func:`stocktake_web.results_in_words.catalogue`) and without Django; the
kinds use the messages of :class:`stocktake_web.knowledge.models.Resource.Kind`, whose English
labels are repeated here because this module may not import the models.
"""

from __future__ import annotations

from stocktake_web.results_in_words import Wording

KIND_LABELS: dict[str, str] = {
    "guide": "Guide",
    "toolkit": "Toolkit",
    "case_study": "Case study",
    "policy": "Policy",
    "training": "Training",
    "financing": "Financing opportunity",
    "solution": "Solution",
}
"""A kind's key -> its English label, the message id of its translations."""


def kind_label(kind: str, words: Wording) -> str:
    """The kind as the reader calls it; a kind this version does not know keeps its key."""
    label = KIND_LABELS.get(kind)
    return words.pgettext("kind of resource", label) if label else kind


def search_headings(words: Wording) -> dict[str, str]:
    """The columns of the search table, by the key of the JSON output's fields."""
    return {
        "id": words.gettext("Id"),
        "kind": words.gettext("Kind"),
        "title": words.gettext("Title"),
        "year": words.gettext("Year"),
        "languages": words.gettext("Languages"),
        "link": words.gettext("Link"),
    }


def found_line(count: int, words: Wording) -> str:
    """``3 resources found.``, as the catalogue page says it."""
    return words.ngettext("%(counter)s resource found.", "%(counter)s resources found.", count) % {
        "counter": count
    }
