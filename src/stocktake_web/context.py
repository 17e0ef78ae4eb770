"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from stocktake_web.network.models import Network


def demo(request: HttpRequest) -> dict[str, object]:
    """``demo_data``: whether demonstration data is loaded, so every page can say so.

    Evaluated only when a template asks, at the cost of one small query.
    """
    return {"demo_data": SimpleLazyObject(lambda: Network.objects.filter(is_demo=True).exists())}
