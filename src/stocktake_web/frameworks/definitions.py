"""Framework definitions as stored JSON, turned back into the core's objects.

Parsing is the core's (:func:`stocktake.frameworks.loader.parse_framework`); this module only
caches the result per digest, since a stored definition never changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from stocktake.errors import FrameworkError
from stocktake.frameworks import Framework
from stocktake.frameworks.loader import parse_framework

_cache: dict[str, Framework] = {}


def definition_of(framework: Framework) -> dict[str, Any]:
    """The JSON that stores ``framework``; parsing it back gives an equal framework."""
    return framework.model_dump(mode="json", exclude_none=True)


def digest_of(definition: dict[str, Any]) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_definition(digest: str, definition: Callable[[], dict[str, Any]]) -> Framework:
    """The framework stored under ``digest``; ``definition`` is read only on the first call.

    Queries leave the (large) definition column out, so a page listing many rounds does not
    decode the same framework once per row; it is fetched when a process first needs it.
    """
    if digest not in _cache:
        framework, problems = parse_framework(definition())
        if framework is None or problems:
            listed = "; ".join(str(problem) for problem in problems)
            raise FrameworkError(f"a stored framework no longer parses: {listed}")
        _cache[digest] = framework
    return _cache[digest]
