"""The kept search text again, by the core's rule of now: in Unicode's compatibility form (NFKC),
so that a query in full-width letters (``ｐｒｏｂｅ``) finds ``probe`` and half-width katakana
finds full-width. Queries are normalised the same way; rows written before are recomputed here.

The core's :func:`~stocktake.knowledge.search.searchable_text` is used, not a copy of it: the
kept text must be exactly what the core builds for a newly loaded resource. Updating the column
fires the full-text index's triggers on SQLite (migration 0002), so the index follows.
"""

from typing import Any, ClassVar

from django.db import migrations

from stocktake.knowledge.records import Resource as Record
from stocktake.knowledge.search import searchable_text

TAG_FIELDS = {
    "indicator": "indicators",
    "pathway": "pathways",
    "sdg_target": "sdg_targets",
    "support": "support",
}


def recompute(apps: Any, schema_editor: Any) -> None:
    Resource = apps.get_model("knowledge", "Resource")
    for resource in Resource.objects.prefetch_related("tags").iterator(chunk_size=500):
        tags: dict[str, list[str]] = {name: [] for name in TAG_FIELDS.values()}
        for tag in sorted(resource.tags.all(), key=lambda t: t.position):
            if tag.kind in TAG_FIELDS:
                tags[TAG_FIELDS[tag.kind]].append(tag.value)
        record = Record(
            id=resource.key,
            kind=resource.kind,
            title=dict(resource.title or {}),
            summary=dict(resource.summary or {}),
            publisher=resource.publisher,
            city=resource.city,
            sector=resource.sector,
            instrument=resource.instrument,
            indicators=tuple(tags["indicators"]),
            pathways=tuple(tags["pathways"]),
            sdg_targets=tuple(tags["sdg_targets"]),
            support=tuple(tags["support"]),
        )
        text = searchable_text(record).casefold()
        if text != resource.search_text:
            Resource.objects.filter(pk=resource.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies: ClassVar = [("knowledge", "0003_resource_file")]

    operations: ClassVar = [migrations.RunPython(recompute, migrations.RunPython.noop)]
