"""Importing a framework version from the core, once and unchanged."""

from __future__ import annotations

from stocktake.errors import FrameworkError
from stocktake.frameworks import Framework, bundled_frameworks
from stocktake_web.frameworks.definitions import definition_of, digest_of
from stocktake_web.frameworks.models import FrameworkVersion


class FrameworkVersionChanged(FrameworkError):
    """A framework arrived with a known id and version but different content."""


def import_framework(*, framework: Framework) -> FrameworkVersion:
    """Store ``framework`` as a pinned version; importing the same content again is a no-op.

    A version's content may never change once rounds use it, so different content under a
    known ``id@version`` is refused: publish it under a new version number.
    """
    definition = definition_of(framework)
    digest = digest_of(definition)
    stored, created = FrameworkVersion.objects.get_or_create(
        framework_id=framework.id,
        version=framework.version,
        defaults={"title": dict(framework.title), "definition": definition, "digest": digest},
    )
    if not created and stored.digest != digest:
        raise FrameworkVersionChanged(
            f"{framework.key} is already stored with different content; give the changed "
            "framework a new version number"
        )
    return stored


def import_bundled_frameworks() -> list[FrameworkVersion]:
    """Import every framework bundled with the core (already-stored versions are kept)."""
    return [import_framework(framework=framework) for framework in bundled_frameworks()]
