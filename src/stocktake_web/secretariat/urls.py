"""Addresses of the secretariat app."""

from django.urls import URLPattern, URLResolver

app_name = "secretariat"

urlpatterns: list[URLPattern | URLResolver] = []
