"""Reading framework files, and the frameworks bundled with Stocktake.

Bundled files are read with :mod:`importlib.resources`, so they work from an installed wheel too,
and are parsed once per process (frameworks are immutable models).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from stocktake.errors import FileError, FrameworkError, UnknownFrameworkError
from stocktake.frameworks.checks import Problem, check_framework, problems_from_validation
from stocktake.frameworks.schema import Framework
from stocktake.yaml_files import parse_yaml, read_yaml

BUNDLED_PACKAGE = "stocktake.data.frameworks"


def parse_framework(data: Any) -> tuple[Framework | None, list[Problem]]:
    """Validate parsed YAML: the framework (when structurally valid) and every problem."""
    if not isinstance(data, dict):
        return None, [
            Problem("", "a framework file must hold a mapping of fields at its top level")
        ]
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        return None, problems_from_validation(exc)
    return framework, check_framework(framework)


def read_framework_file(path: str | Path) -> tuple[Framework | None, list[Problem]]:
    """Read and validate a framework file, collecting every problem instead of stopping at one."""
    path = Path(path)
    if not path.exists():
        return None, [Problem("", f"there is no file at {path}")]
    try:
        data = read_yaml(path)
    except FileError as exc:
        return None, [Problem("", exc.detail)]
    return parse_framework(data)


def _parse_text(text: str) -> tuple[Framework | None, list[Problem]]:
    try:
        data = parse_yaml(text)
    except FileError as exc:
        return None, [Problem("", exc.detail)]
    return parse_framework(data)


def load_framework(path: str | Path) -> Framework:
    """Load a framework file, raising :class:`FrameworkError` listing every problem.

    A missing file gets a message of its own rather than a problem "in" a file that is not there.
    """
    if not Path(path).exists():
        raise FrameworkError(f"there is no framework file at {path}")
    framework, problems = read_framework_file(path)
    if problems or framework is None:
        listed = "; ".join(str(p) for p in problems)
        raise FrameworkError(f"{path} is not a valid framework: {listed}")
    return framework


@functools.cache
def _bundled() -> dict[str, Framework]:
    found: dict[str, Framework] = {}
    for entry in sorted(resources.files(BUNDLED_PACKAGE).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith((".yaml", ".yml")):
            continue
        framework, problems = _parse_text(entry.read_text(encoding="utf-8"))
        if problems or framework is None:
            listed = "; ".join(str(p) for p in problems)
            raise FrameworkError(f"bundled framework {entry.name} is invalid: {listed}")
        found[framework.id] = framework
    return found


def bundled_frameworks() -> list[Framework]:
    """The frameworks shipped with Stocktake, ordered by id."""
    return sorted(_bundled().values(), key=lambda fw: fw.id)


def get_framework(framework_id: str) -> Framework:
    """A bundled framework by id (``issa-36``, ``cbi-2014``, ``undrr-scorecard-prelim``)."""
    try:
        return _bundled()[framework_id]
    except KeyError:
        known = ", ".join(sorted(_bundled())) or "none"
        raise UnknownFrameworkError(
            f"there is no framework '{framework_id}'; the bundled ones are: {known}"
        ) from None


def framework_yaml(framework: Framework) -> str:
    """The framework as the text of a framework file that loads back into the same framework.

    Only the fields the framework was given are written, so a file read from an XLSForm is as
    short as one written by hand.
    """
    data = framework.model_dump(mode="json", exclude_unset=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def resolve_framework(ref: str) -> Framework:
    """A bundled framework id (``issa-36``, or ``issa-36@1.0.1`` naming the version too), or a
    path to a framework file."""
    if ref.endswith((".yaml", ".yml")) or Path(ref).is_file():
        return load_framework(ref)
    framework_id, _, version = ref.partition("@")
    framework = get_framework(framework_id)
    if version and version != framework.version:
        raise UnknownFrameworkError(
            f"{framework_id} is bundled in version {framework.version}, not {version}; give "
            "the file of that version instead"
        )
    return framework


def bundled_version(framework_id: str, version: str) -> Framework | None:
    """The bundled framework with this id and version, or None (another version, or none)."""
    framework = _bundled().get(framework_id)
    return framework if framework is not None and framework.version == version else None
