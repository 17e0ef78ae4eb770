"""The address the request being served comes from, for events recorded while serving it.

Domain functions know who acts (their ``by`` argument) but not from where: that belongs to the
request, which the domain never sees. ``audit.middleware.RequestOriginMiddleware`` sets the
address for the length of each request; outside a request (a management command, a background
task) there is none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_address: ContextVar[str | None] = ContextVar("stocktake_request_address", default=None)


@contextmanager
def requests_from(address: str | None) -> Iterator[None]:
    """Events recorded inside the block come from ``address``."""
    token = _address.set(address)
    try:
        yield
    finally:
        _address.reset(token)


def current_address() -> str | None:
    return _address.get()
