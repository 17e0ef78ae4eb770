from django.urls import URLPattern, URLResolver, path

from stocktake_web.screening import views

app_name = "screening"

urlpatterns: list[URLPattern | URLResolver] = [
    path("cities/<slug:city>/screenings/", views.city_screenings, name="city"),
    path("screenings/<int:screening>/", views.screening_detail, name="detail"),
    path("screenings/<int:screening>/solutions/", views.solution_new, name="solution_new"),
    path(
        "screenings/<int:screening>/solutions/<int:solution>/remove/",
        views.solution_remove,
        name="solution_remove",
    ),
    path("screenings/<int:screening>/panel/", views.panel, name="panel"),
    path("screenings/<int:screening>/sheets/<slug:department>/", views.sheet, name="sheet"),
    path("screenings/<int:screening>/export.<str:fmt>", views.export, name="export"),
    path("screenings/<int:screening>/planner/", views.planner, name="planner"),
    path("networks/<slug:network>/screening-criteria/", views.criteria, name="criteria"),
    path(
        "networks/<slug:network>/screening-criteria.csv",
        views.criteria_file_download,
        name="criteria_file",
    ),
]
