"""Where a request comes from: the address sign-in throttling counts and the audit log records.

Behind proxies, ``REMOTE_ADDR`` is the nearest proxy's address and the client's own is in
``X-Forwarded-For``, where each proxy appends the address it received the request from. Only the
entries the trusted proxies appended can be believed: a client can send any header it likes, so
the client is the ``TRUSTED_PROXY_COUNT``-th entry counted from the right, never the left-most.
With no trusted proxy (the default) the header is ignored altogether.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, as the trusted proxies saw it; ``None`` when there is none.

    A header shorter than the number of trusted proxies, or an entry that is not an address,
    means the request did not come through them: the connection's own address is used then.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    count: int = settings.TRUSTED_PROXY_COUNT
    if count == 0:
        return peer
    chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in chain if hop]
    if len(chain) < count:
        return peer
    return _address(chain[-count]) or peer


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
