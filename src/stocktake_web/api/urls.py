"""Addresses of the api app: version 1 under /api/v1/ (namespace ``api:v1``), and a person's
API tokens under their account."""

from django.urls import URLPattern, URLResolver, path

from stocktake_web.api import views
from stocktake_web.api.interfaces.v1 import api

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("accounts/me/api-tokens/", views.tokens, name="tokens"),
    path("accounts/me/api-tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
]
