"""Small frameworks made in code, so each test shows its own case."""

from __future__ import annotations

from typing import Any

from stocktake.frameworks import Framework
from stocktake.frameworks.loader import parse_framework


def maturity(ind_id: str, *, top: int = 4, **extra: Any) -> dict[str, Any]:
    """A maturity indicator with levels 0..top."""
    levels = [{"value": v, "label": f"Level {v}"} for v in range(top + 1)]
    return {
        "id": ind_id,
        "type": "maturity",
        "title": f"Indicator {ind_id}",
        "levels": levels,
        **extra,
    }


def build_framework(
    groups: list[dict[str, Any]], *, method: str = "mean", target_share: float = 1.0, **extra: Any
) -> Framework:
    """A framework from group dicts; fails the test with every problem if it is invalid."""
    data = framework_data(groups, method=method, target_share=target_share, **extra)
    framework, problems = parse_framework(data)
    assert framework is not None and not problems, problems
    return framework


def framework_data(
    groups: list[dict[str, Any]], *, method: str = "mean", target_share: float = 1.0, **extra: Any
) -> dict[str, Any]:
    """The fields of a framework file around these groups, for tests of what a file may hold."""
    return {
        "id": "t",
        "version": "1.0.0",
        "title": "Test framework",
        "description": "Made in a test.",
        "publisher": "Tests",
        "licence": "CC0",
        "provenance": {"source": "tests", "verified": True},
        "languages": ["en"],
        "scoring": {"method": method, "target_share": target_share},
        "departments": [{"id": d, "name": d} for d in ("a", "b", "c", "d")],
        "support_kinds": [{"id": k, "label": k} for k in ("training", "finance", "data")],
        "groups": groups,
        **extra,
    }


def group(group_id: str, *indicators: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": group_id,
        "kind": "dimension",
        "title": group_id,
        "indicators": list(indicators),
        **extra,
    }
