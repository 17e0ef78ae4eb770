"""Materials of an event: a link, or a file held to the evidence files' limits.

Files go through the same checks as evidence (size, a short list of document and image types
recognised from their first bytes, a shortened safe name under an unguessable folder), so a
material is as safe to open as an answer's evidence.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from stocktake_web.assessments.domain.errors import InvalidAnswerError
from stocktake_web.assessments.domain.evidence import store_checked_file
from stocktake_web.events.domain.events import InvalidEventError
from stocktake_web.events.models import Event, EventMaterial


def add_material(
    *, event: Event, title: str, link: str = "", file: UploadedFile | None = None
) -> EventMaterial:
    """A link or a file (exactly one) added to ``event`` (raises :class:`InvalidEventError`)."""
    if bool(link) == (file is not None):
        raise InvalidEventError(_("Give either a link or a file for each material."))
    if not title.strip():
        raise InvalidEventError(_("Give the material a title."))
    material = EventMaterial(event=event, title=title.strip(), link=link)
    if file is None:
        material.save()
        return material
    try:
        store_checked_file(material, file, name=file.name or "material")
    except InvalidAnswerError as exc:
        raise InvalidEventError(str(exc)) from None
    return material


def remove_material(*, material: EventMaterial) -> None:
    """The material gone, and its file with it once the removal is committed."""
    name = material.file.name if material.file else ""
    storage = material.file.storage
    with transaction.atomic():
        material.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def material_of_event(event: Event, material_id: int) -> EventMaterial | None:
    return event.materials.filter(pk=material_id).first()
