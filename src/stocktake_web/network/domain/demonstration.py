"""Whether demonstration data is loaded, which every page says in a banner.

Every page asks, so the answer is kept in the cache instead of being queried each time. This
process forgets it whenever a network is saved or deleted, however that happens (the domain,
the demo seeder, the administration site): :func:`forget_demo_state` listens to the model's own
signals. Other processes with a cache of their own (``CACHE_URL`` empty) see the change within
:data:`DEMO_STATE_SECONDS`.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from stocktake_web.network.models import Network

DEMO_STATE_KEY = "demo-data-loaded"
DEMO_STATE_SECONDS = 60


def demo_data_loaded() -> bool:
    """True while a network marked as demonstration data exists (one query, then kept)."""
    loaded: bool | None = cache.get(DEMO_STATE_KEY)
    if loaded is None:
        loaded = Network.objects.filter(is_demo=True).exists()
        cache.set(DEMO_STATE_KEY, loaded, DEMO_STATE_SECONDS)
    return loaded


def forget_demo_state(**_signal: object) -> None:
    """Ask again on the next page: now, and once the current transaction commits. Connected to
    :class:`Network`'s ``post_save`` and ``post_delete`` signals."""
    cache.delete(DEMO_STATE_KEY)
    transaction.on_commit(lambda: cache.delete(DEMO_STATE_KEY))
