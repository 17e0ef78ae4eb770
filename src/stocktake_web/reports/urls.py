"""Addresses of the reports app."""

from django.urls import URLPattern, URLResolver, path

from stocktake_web.reports import views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("rounds/<int:round_id>/report.<str:kind>", views.city_report, name="city_report"),
]
