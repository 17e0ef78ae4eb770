"""The network's knowledge catalogue: resources, their tags, files, search and recommendations.

A network produces guides, toolkits, case studies, a policy database, training recordings,
solutions and financing opportunities. This package holds them as plain records, checked
against the frameworks' own vocabulary, and answers the question a city asks after its
self-assessment: what helps with each of my key areas for development, and who has done it.

* :mod:`~stocktake.knowledge.records` — a resource and its fields;
* :mod:`~stocktake.knowledge.vocabulary` — the tags the frameworks define (indicators, the five
  pathways, SDG targets, kinds of support);
* :mod:`~stocktake.knowledge.files` — the catalogue as CSV, XLSX or JSON, read all-or-nothing;
* :mod:`~stocktake.knowledge.search` — the one matching rule for searches, in any language;
* :mod:`~stocktake.knowledge.matching` — resources for a key area, each with its reasons.
"""

from stocktake.knowledge.files import (
    COLUMNS,
    MAX_ROWS,
    CatalogueFileError,
    Problem,
    check_rows,
    read_catalogue,
    write_catalogue,
    written_format,
)
from stocktake.knowledge.matching import KeyArea, Recommendation, recommend
from stocktake.knowledge.records import KINDS, TEXT_LANGUAGES, Resource
from stocktake.knowledge.search import (
    SearchTerms,
    UnknownFacetError,
    matches,
    search,
    search_terms,
    searchable_text,
)
from stocktake.knowledge.vocabulary import Vocabulary

__all__ = [
    "COLUMNS",
    "KINDS",
    "MAX_ROWS",
    "TEXT_LANGUAGES",
    "CatalogueFileError",
    "KeyArea",
    "Problem",
    "Recommendation",
    "Resource",
    "SearchTerms",
    "UnknownFacetError",
    "Vocabulary",
    "check_rows",
    "matches",
    "read_catalogue",
    "recommend",
    "search",
    "search_terms",
    "searchable_text",
    "write_catalogue",
    "written_format",
]
