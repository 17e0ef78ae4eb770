"""Lists come in pages: ``limit`` (1 to :data:`PAGE_MAX`, 50 unless told) items from ``offset``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from stocktake_web.api.interfaces.schemas import ID_MAX, PAGE_MAX


@dataclass(frozen=True)
class Records:
    """A list to page: the rows, and how one becomes what the API shows. Only the page's rows
    are read and turned into records, however long the list."""

    rows: QuerySet[Any]
    record: Callable[[Any], dict[str, Any]]


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=PAGE_MAX)
        offset: int = Field(0, ge=0, le=ID_MAX)

    class Output(Schema):
        items: list[Any]
        count: int
        limit: int
        offset: int

    def paginate_queryset(
        self,
        queryset: Records,  # type: ignore[override]
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        start, end = pagination.offset, pagination.offset + pagination.limit
        return {
            "items": [queryset.record(row) for row in queryset.rows[start:end]],
            "count": queryset.rows.count(),
            "limit": pagination.limit,
            "offset": pagination.offset,
        }
