"""The reasons behind each key area for development, in the reader's language.

The core gives every reason a code and its numbers; the sentence is composed by
:mod:`stocktake_web.results_in_words` (which the ``stocktake`` command shares) through Django's
active translation, with the core's English sentence as the fallback for a code this version does
not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation

from stocktake.frameworks import Framework
from stocktake_web import results_in_words
from stocktake_web.languages import current_language


def reason_text(reason: Mapping[str, Any], framework: Framework) -> str:
    return results_in_words.reason_text(
        reason, framework, lang=current_language(), words=translation
    )
