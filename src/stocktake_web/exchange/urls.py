"""Addresses of the exchange app."""

from django.urls import URLPattern, URLResolver, path

from stocktake_web.exchange import submission_views, views

app_name = "exchange"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "rounds/<int:round_id>/answers/by-department.<str:kind>",
        views.form_layout_export,
        name="form_layout",
    ),
    path(
        "rounds/<int:round_id>/departments/<slug:department>/questionnaire/",
        views.questionnaire_page,
        name="questionnaire_page",
    ),
    path(
        "rounds/<int:round_id>/departments/<slug:department>/questionnaire.xlsx",
        views.download_questionnaire,
        name="questionnaire",
    ),
    path(
        "rounds/<int:round_id>/submissions/import/",
        submission_views.import_round_submissions,
        name="import_submissions",
    ),
]
