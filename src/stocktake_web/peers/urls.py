from django.urls import path

from stocktake_web.peers import views

app_name = "peers"

urlpatterns = [
    path("cities/<slug:city>/peers/", views.city_peers, name="city"),
    path(
        "networks/<slug:network>/cohorts/<int:cohort>/groups/",
        views.cohort_groups,
        name="groups",
    ),
    path("networks/<slug:network>/cohorts/<int:cohort>/plan/", views.cohort_plan, name="plan"),
    path(
        "networks/<slug:network>/cohorts/<int:cohort>/plan/record/",
        views.record_planned,
        name="record",
    ),
]
