"""Which versions exist for whom, how a new one is named, and when one may go.

A version belongs to nobody (shared with every city: the bundled frameworks), to a network (its
secretariat published it for the network's cities) or to a city (its coordinator published it;
only that city opens rounds on it). A framework id belongs to whoever published its first
version: later versions of ``issa-36-harbour`` are Harbour City's to publish, and the shared ids
(``issa-36``) are the installation's, changed only through the bundled files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from stocktake_web.assessments.models import Round
from stocktake_web.frameworks.domain.errors import EditorError, VersionInUseError
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.languages import localised
from stocktake_web.network.models import City, Network

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$")
"""The framework file's own patterns for an id and a version (``stocktake.frameworks.schema``)."""


@dataclass(frozen=True)
class Owner:
    """Whose a version or a draft is: a city (with its network) or a whole network."""

    network: Network
    city: City | None = None

    def name(self) -> str:
        return localised(self.city.name) if self.city is not None else self.network.name

    def may_use(self, version: FrameworkVersion) -> bool:
        """Whether the owner may open rounds on, or derive from, ``version``."""
        return version.open_to(self.network.pk, self.city.pk if self.city is not None else None)

    def matches(self, version: FrameworkVersion) -> bool:
        return version.network_id == self.network.pk and version.city_id == (
            self.city.pk if self.city is not None else None
        )


def versions_open_to(city: City) -> list[FrameworkVersion]:
    """The versions ``city`` may open a round on, without their definitions."""
    rows = FrameworkVersion.objects.open_to(city.pk, city.network_id).without_definition()
    return list(rows.order_by("framework_id", "-imported_at"))


def is_open_to(version: FrameworkVersion, city: City) -> bool:
    """Whether ``city`` may open a round on ``version``."""
    return version.open_to(city.network_id, city.pk)


def versions_seen_by(*, networks: Iterable[int], cities: Iterable[int]) -> list[FrameworkVersion]:
    """The shared versions, those of ``networks`` and those of ``cities``, with their owners."""
    rows = FrameworkVersion.objects.seen_by(networks=networks, cities=cities)
    rows = rows.select_related("network", "city", "derived_from").without_definition()
    return list(rows.order_by("framework_id", "-imported_at"))


def rounds_using(version: FrameworkVersion) -> list[str]:
    """Names of the rounds pinned to ``version``, as "city: round", for the sentences saying
    why it cannot change."""
    rows = Round.objects.filter(framework=version).select_related("city").order_by("opened_at")
    return [f"{localised(row.city.name)}: {row.name}" for row in rows]


def next_version(version: str) -> str:
    """The number of the next version made by editing: ``1.0.1`` -> ``1.1.0``.

    The second number goes up, the meaning of some answer having changed (the numbering rule
    of the bundled files); a version that is not ``major.minor[.patch]`` gets ``.1`` added.
    """
    match = re.match(r"^(\d+)\.(\d+)", version)
    if match is None:
        return f"{version}.1"
    return f"{match.group(1)}.{int(match.group(2)) + 1}.0"


def suggested_id(base_id: str, owner: Owner) -> str:
    """``issa-36`` for Kaohsiung -> ``issa-36-kaohsiung``, within the 64 characters of an id."""
    place = owner.city.slug if owner.city is not None else owner.network.slug
    return f"{base_id}-{place}"[:64].rstrip("-_.")


def check_new_key(*, framework_id: str, version: str, owner: Owner) -> None:
    """Refuse an id or version the file format does not allow, a key already stored, or an id
    that belongs to someone else (another city, the network, or the shared frameworks)."""
    if not ID_PATTERN.match(framework_id) or len(framework_id) > 64:
        raise EditorError(
            _(
                "An id is made of letters, digits, hyphens, underscores and dots, starting with "
                "a letter or digit, at most 64 characters."
            )
        )
    if not VERSION_PATTERN.match(version) or len(version) > 32:
        raise EditorError(_("A version is written like 1.0.0 or 2.1."))
    if FrameworkVersion.objects.filter(framework_id=framework_id, version=version).exists():
        raise EditorError(
            _(
                "%(key)s is already published; a published version never changes, so give this "
                "one a new version number."
            )
            % {"key": FrameworkVersion.key_of(framework_id, version)}
        )
    holder = (
        FrameworkVersion.objects.filter(framework_id=framework_id)
        .select_related("network", "city")
        .order_by("imported_at")
        .first()
    )
    if holder is not None and not owner.matches(holder):
        raise EditorError(
            _(
                "The id %(id)s belongs to versions published by someone else; give your "
                "version an id of its own, such as %(suggested)s."
            )
            % {"id": framework_id, "suggested": suggested_id(framework_id, owner)}
        )


def withdraw_version(*, version: FrameworkVersion) -> None:
    """Remove a published version that no round uses, no draft starts from and no version was
    derived from; any of these keeps it for ever (:class:`VersionInUseError` says which)."""
    with transaction.atomic():
        row = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        used = rounds_using(row)
        if used:
            raise VersionInUseError(
                _(
                    "%(key)s is used by the rounds %(rounds)s, so it can never be changed or "
                    "removed. To change it, make a new version from it."
                )
                % {"key": row.key, "rounds": "; ".join(used)}
            )
        if row.derivations.exists() or row.drafts.exists():
            raise VersionInUseError(
                _("Other versions or drafts start from %(key)s, so it stays; remove them first.")
                % {"key": row.key}
            )
        row.delete()
