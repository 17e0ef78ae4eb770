"""Addresses of the api app: version 1 under /api/v1/.

No application namespace here: the API names its own (``api-v1``), and django-ninja reverses
its addresses by that name alone."""

from django.urls import URLPattern, URLResolver, path

from stocktake_web.api.interfaces.v1 import api

urlpatterns: list[URLPattern | URLResolver] = [path("api/v1/", api.urls)]
