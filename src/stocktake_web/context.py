"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from stocktake_web.network.domain.demonstration import demo_data_loaded


def demo(request: HttpRequest) -> dict[str, object]:
    """``demo_data``: whether demonstration data is loaded, so every page can say so.

    Evaluated only when a template asks; the answer is kept (see ``demonstration``).
    """
    return {"demo_data": SimpleLazyObject(demo_data_loaded)}
