"""Lists come in pages: ``limit`` (1 to :data:`PAGE_MAX`, 50 unless told) items from ``offset``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from stocktake_web.api.interfaces.schemas import ID_MAX, PAGE_MAX


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
        queryset: QuerySet[Any],
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        """A page of ``queryset`` (or of a list: the resources hand over their records)."""
        start, end = pagination.offset, pagination.offset + pagination.limit
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        return {
            "items": queryset[start:end],
            "count": count,
            "limit": pagination.limit,
            "offset": pagination.offset,
        }
