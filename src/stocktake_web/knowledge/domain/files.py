"""A resource's file: attached, replaced or removed by the secretariat, each change logged.

The file is held to the evidence files' limits (size, a short list of document and image types
recognised from their first bytes, a shortened name under an unguessable folder), so it is as
safe to open as an answer's evidence. The resource's row is locked while its file changes (on
SQLite, whose transactions here begin IMMEDIATE, the database's write lock), so two submits at
once run one after the other: the second replaces (or finds already removed) what
the first left, and every file replaced is deleted once the change is committed, so none is left
on disk without a row. Loading the catalogue never touches the file (the file has no column for
it), and a resource deleted by staff takes its file with it (:func:`forget_deleted_file`).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet

from stocktake_web.assessments.domain.errors import InvalidAnswerError
from stocktake_web.assessments.domain.evidence import store_checked_file
from stocktake_web.audit.domain.events import Actor, record_event
from stocktake_web.audit.models import AuditEvent
from stocktake_web.knowledge.models import Resource
from stocktake_web.network.models import Network


class RefusedFile(ValueError):
    """The upload breaks a limit of evidence files; the sentence says which."""


def resource_in_network(network: Network, key: str) -> Resource | None:
    return Resource.objects.filter(network=network, key=key).first()


def resources_with_files(network: Network) -> QuerySet[Resource]:
    """The network's resources that have a file (only what a link to the file needs)."""
    return (
        Resource.objects.filter(network=network).exclude(file="").only("key", "file", "file_name")
    )


def attach_file(*, resource: Resource, upload: UploadedFile, by: Actor) -> Resource:
    """``upload`` becomes the resource's file, replacing any it had (raises :class:`RefusedFile`).

    The upload is checked before anything is stored; the replaced file is deleted only once the
    new one is committed.
    """
    with transaction.atomic():
        current = _locked(resource)
        before, replaced = current.file_name, current.file.name or ""
        try:
            store_checked_file(current, upload, name=upload.name or "file")
        except InvalidAnswerError as exc:
            raise RefusedFile(str(exc)) from None
        _delete_on_commit(replaced)
        _record(current, by, action="replaced" if before else "attached", before=before)
    return current


def remove_file(*, resource: Resource, by: Actor) -> bool:
    """The resource keeps its link and everything else, without a file; False when it had none
    (a second click on "remove" changes nothing and records nothing)."""
    with transaction.atomic():
        current = _locked(resource)
        if not current.file:
            return False
        before, removed = current.file_name, current.file.name or ""
        current.file.name, current.file_name, current.file_type = "", "", ""
        current.save(update_fields=["file", "file_name", "file_type", "updated_at"])
        _delete_on_commit(removed)
        _record(current, by, action="removed", before=before)
    return True


def forget_deleted_file(sender: type[Resource], instance: Resource, **kwargs: Any) -> None:
    """Connected to ``post_delete``: a deleted resource's file goes too, once the deletion is
    committed (staff delete resources in the administration site; loading never does)."""
    _delete_on_commit(instance.file.name or "")


def _locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


def _delete_on_commit(name: str) -> None:
    """The stored file ``name`` deleted once the transaction commits (nothing when empty)."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _record(resource: Resource, by: Actor, *, action: str, before: str) -> None:
    details = {
        "resource": resource.key,
        "title": resource.title,
        "action": action,
        "file": resource.file_name,
        "before": before,
    }
    record_event(
        kind=AuditEvent.Kind.RESOURCE_FILE_CHANGED,
        actor=by,
        network_id=resource.network_id,
        details=details,
    )
