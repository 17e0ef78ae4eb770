"""The API's first version: its resources, token authentication and JSON errors.

The OpenAPI document is served; the interactive docs page is not: it loads its scripts and
styles from a CDN, which the site's content security policy forbids, so it would show blank.
Any OpenAPI viewer reads the document instead.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from stocktake_web.api.interfaces.authentication import TokenAuthentication
from stocktake_web.api.interfaces.files import router as files
from stocktake_web.api.interfaces.resources import router

api = NinjaAPI(
    title="Stocktake",
    version="1",
    urls_namespace="api:v1",
    auth=TokenAuthentication(),
    docs_url=None,
)
api.add_router("/", router)
api.add_router("/", files)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = _("You may see this but not do this.")
    return api.create_response(request, {"detail": detail}, status=403)
