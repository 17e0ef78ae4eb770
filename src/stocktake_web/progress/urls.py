from django.urls import URLPattern, URLResolver, path

from stocktake_web.progress import views

app_name = "progress"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cities/<slug:city>/progress/", views.city_progress, name="city"),
    path(
        "cities/<slug:city>/progress/local-stocktake.csv",
        views.city_progress_csv,
        name="city_csv",
    ),
    path(
        "cities/<slug:city>/progress/local-stocktake.xlsx",
        views.city_progress_xlsx,
        name="city_xlsx",
    ),
    path(
        "networks/<slug:network>/cohorts/<int:cohort>/progress/",
        views.cohort_progress,
        name="cohort",
    ),
]
