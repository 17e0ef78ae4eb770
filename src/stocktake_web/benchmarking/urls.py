from django.urls import URLPattern, URLResolver, path, re_path

from stocktake_web.benchmarking import views

app_name = "benchmarking"

SLUG = r"[-a-zA-Z0-9_]+"
FORMAT = r"(?P<format>csv|xlsx)"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cities/<slug:city>/benchmark/", views.city_page, name="city"),
    re_path(
        rf"^cities/(?P<city>{SLUG})/benchmark\.{FORMAT}$", views.city_export, name="city_export"
    ),
    path(
        "networks/<slug:network>/cohorts/<int:cohort>/benchmark/",
        views.cohort_page,
        name="cohort",
    ),
    path(
        "networks/<slug:network>/cohorts/<int:cohort>/report.<str:kind>",
        views.cohort_report,
        name="cohort_report",
    ),
    re_path(
        rf"^networks/(?P<network>{SLUG})/cohorts/(?P<cohort>[0-9]+)/benchmark\.{FORMAT}$",
        views.cohort_export,
        name="cohort_export",
    ),
]
