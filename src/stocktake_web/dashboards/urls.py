from django.urls import path

from stocktake_web.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("cities/<slug:city>/", views.city_dashboard, name="city"),
    path("rounds/<int:round_id>/answers.csv", views.answers_csv, name="answers_csv"),
    path("rounds/<int:round_id>/results.csv", views.results_csv, name="results_csv"),
    path("rounds/<int:round_id>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("networks/<slug:network>/", views.network_page, name="network"),
    path("networks/<slug:network>/cohorts/<int:cohort>/", views.cohort_overview, name="cohort"),
]
