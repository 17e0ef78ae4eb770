"""Addresses of the exchange app."""

from django.urls import URLPattern, URLResolver

app_name = "exchange"

urlpatterns: list[URLPattern | URLResolver] = []
