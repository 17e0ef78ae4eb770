from django.urls import path

from stocktake_web.background import views

app_name = "background"

urlpatterns = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:job_id>/", views.job_page, name="job"),
    path("jobs/<int:job_id>/download", views.download, name="download"),
    path("rounds/<int:round_id>/jobs/<slug:kind>/", views.start_round_job, name="start_round_job"),
    path(
        "cohorts/<int:cohort_id>/jobs/<slug:kind>/",
        views.start_cohort_job,
        name="start_cohort_job",
    ),
]
