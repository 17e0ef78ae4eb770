from django.urls import URLPattern, URLResolver, path

from stocktake_web.rankings import views

app_name = "rankings"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "networks/<slug:network>/cohorts/<int:cohort>/index/",
        views.cohort_index_page,
        name="cohort",
    ),
    path("cities/<slug:city>/index/", views.city_index_page, name="city"),
]
