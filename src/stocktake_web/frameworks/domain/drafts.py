"""Drafts of a new framework version: started from a published version, changed a form at a
time, each change checked before it is kept, and published once as a new immutable version.

A draft holds the changes as the changes file of ``stocktake frameworks derive`` does, and the
framework it stands for is always the core's :func:`stocktake.frameworks.derive.derive` of its
base with those changes: the page, the preview, the diff and the published file are one
derivation, checked as ``stocktake frameworks validate`` checks a file.

Two people editing one draft: every save names the draft version its page started from, and a
save from an older page is refused (:class:`StaleDraftError`), never an overwrite.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake.frameworks import Framework, Problem
from stocktake.frameworks.derive import ChangesError, derive
from stocktake_web.accounts.models import User
from stocktake_web.frameworks.domain.errors import (
    EditorError,
    InvalidFrameworkError,
    StaleDraftError,
)
from stocktake_web.frameworks.domain.files import store_version
from stocktake_web.frameworks.domain.versions import Owner, check_new_key
from stocktake_web.frameworks.models import FrameworkDraft, FrameworkVersion


@dataclass(frozen=True)
class DraftState:
    """The framework a draft stands for (``None`` while its changes cannot be applied), the
    problems that keep it from being published, and the warnings worth a look."""

    framework: Framework | None
    problems: list[Problem] = field(default_factory=list)
    warnings: tuple[str, ...] = ()

    @property
    def publishable(self) -> bool:
        return self.framework is not None and not self.problems


def owner_of(draft: FrameworkDraft) -> Owner:
    return Owner(network=draft.network, city=draft.city)


def derivation(
    base: FrameworkVersion, changes: dict[str, Any], *, new_id: str, new_version: str
) -> DraftState:
    """The core's derivation of ``base`` with ``changes``, as ``new_id@new_version``."""
    try:
        derived = derive(base.load(), {**changes, "id": new_id, "version": new_version})
    except ChangesError as exc:
        return DraftState(None, list(exc.problems))
    return DraftState(derived.framework, [], derived.warnings)


def draft_state(draft: FrameworkDraft) -> DraftState:
    return derivation(draft.base, draft.changes, new_id=draft.new_id, new_version=draft.new_version)


def start_draft(
    *, base: FrameworkVersion, owner: Owner, new_id: str, new_version: str, by: User | None
) -> FrameworkDraft:
    """A draft for ``owner`` (a city or the network) that starts as ``base`` unchanged.

    The new key is checked as publishing will check it, so a draft is not started under a key
    it could never be published with.
    """
    if not owner.may_use(base):
        raise EditorError(_("This version is not one you may derive from."))
    new_id, new_version = new_id.strip(), new_version.strip()
    check_new_key(framework_id=new_id, version=new_version, owner=owner)
    state = derivation(base, {}, new_id=new_id, new_version=new_version)
    if state.framework is None:
        raise InvalidFrameworkError(state.problems)
    return FrameworkDraft.objects.create(
        network=owner.network,
        city=owner.city,
        base=base,
        new_id=new_id,
        new_version=new_version,
        changes={},
        created_by=by,
        updated_by=by,
        updated_at=timezone.now(),
    )


def save_draft(
    *,
    draft: FrameworkDraft,
    changes: dict[str, Any],
    base_version: int,
    by: User | None,
    new_id: str | None = None,
    new_version: str | None = None,
) -> FrameworkDraft:
    """Keep ``changes`` (and a new id or version) if the framework they make is sound.

    :class:`InvalidFrameworkError` lists the problems and nothing is kept;
    :class:`StaleDraftError` says someone saved after ``base_version`` and nothing is kept.
    """
    new_id = draft.new_id if new_id is None else new_id.strip()
    new_version = draft.new_version if new_version is None else new_version.strip()
    if (new_id, new_version) != (draft.new_id, draft.new_version):
        check_new_key(framework_id=new_id, version=new_version, owner=owner_of(draft))
    state = derivation(draft.base, changes, new_id=new_id, new_version=new_version)
    if state.framework is None:
        raise InvalidFrameworkError(state.problems)
    now = timezone.now()
    saved = FrameworkDraft.objects.filter(
        pk=draft.pk, version=base_version, published_as__isnull=True
    ).update(
        changes=changes,
        new_id=new_id,
        new_version=new_version,
        version=F("version") + 1,
        updated_by=by,
        updated_at=now,
    )
    if not saved:
        raise _refusal(draft)
    draft.changes, draft.new_id, draft.new_version = changes, new_id, new_version
    draft.version, draft.updated_by, draft.updated_at = base_version + 1, by, now
    return draft


def _refusal(draft: FrameworkDraft) -> EditorError:
    """Why a save or a publication based on an older page was not made."""
    rows = FrameworkDraft.objects.select_related("updated_by", "published_as")
    row = rows.filter(pk=draft.pk).first()
    if row is None:
        return EditorError(_("This draft was discarded in the meantime; nothing was saved."))
    if row.published_as is not None:
        return EditorError(
            _("This draft is already published as %(key)s; start a new draft from that version.")
            % {"key": row.published_as.key}
        )
    name = row.updated_by.get_username() if row.updated_by else ""
    return StaleDraftError(by=name, at=row.updated_at, version=row.version)


def changed(draft: FrameworkDraft) -> dict[str, Any]:
    """A copy of the draft's changes, for a form to change and :func:`save_draft` to keep."""
    return copy.deepcopy(draft.changes)


def publish_draft(*, draft: FrameworkDraft, base_version: int, by: User | None) -> FrameworkVersion:
    """Publish the draft as a new, immutable version of its owner's, once.

    The framework is derived again and checked; the draft must still be the one the person
    looked at (``base_version``). A second click, or a second person, is told it is done.
    """
    with transaction.atomic():
        row = FrameworkDraft.objects.select_for_update().get(pk=draft.pk)
        if row.published_as_id is not None or row.version != base_version:
            raise _refusal(row)
        state = draft_state(row)
        if state.framework is None or state.problems:
            raise InvalidFrameworkError(state.problems)
        version = store_version(
            framework=state.framework, owner=owner_of(row), by=by, derived_from=row.base
        )
        row.published_as = version
        row.updated_by, row.updated_at = by, timezone.now()
        row.save(update_fields=["published_as", "updated_by", "updated_at"])
    return version


def discard_draft(*, draft: FrameworkDraft) -> None:
    """Remove a draft not yet published; a published one stays as the record of its version."""
    with transaction.atomic():
        row = FrameworkDraft.objects.select_for_update().get(pk=draft.pk)
        if row.published_as_id is not None:
            raise EditorError(_("A published draft stays: it records how its version was made."))
        row.delete()


def drafts_of(*, networks: list[int], cities: list[int]) -> list[FrameworkDraft]:
    """The unpublished drafts of these cities and of these networks (their own, not their
    cities')."""
    rows = FrameworkDraft.objects.filter(published_as__isnull=True).select_related(
        "city", "network", "base", "updated_by"
    )
    mine = rows.filter(city_id__in=cities) | rows.filter(network_id__in=networks, city__isnull=True)
    return list(mine.defer("base__definition").order_by("-updated_at"))
