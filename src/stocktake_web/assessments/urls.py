from django.urls import path

from stocktake_web.assessments import views

app_name = "assessments"

urlpatterns = [
    path("cities/<slug:city>/rounds/new/", views.open_round, name="open_round"),
    path("rounds/<int:round_id>/", views.round_page, name="round"),
    path("rounds/<int:round_id>/assignments/", views.assign, name="assign"),
    path("rounds/<int:round_id>/close/", views.close_answering, name="close"),
    path("rounds/<int:round_id>/reconcile/<str:indicator>/", views.reconcile, name="reconcile"),
    path("rounds/<int:round_id>/sign-off/", views.sign_off, name="sign_off"),
    path("rounds/<int:round_id>/consent/", views.choose_consent, name="consent"),
    path("rounds/<int:round_id>/training/", views.mark_training, name="training"),
    path(
        "rounds/<int:round_id>/sign-off/withdraw/",
        views.withdraw_sign_off,
        name="withdraw_sign_off",
    ),
    path("rounds/<int:round_id>/reopen/", views.reopen_answering, name="reopen_answering"),
    path("rounds/<int:round_id>/archive/", views.archive, name="archive"),
    path("rounds/<int:round_id>/archive/restore/", views.restore, name="restore"),
    path(
        "rounds/<int:round_id>/departments/<slug:department>/",
        views.department_page,
        name="department",
    ),
    path(
        "rounds/<int:round_id>/departments/<slug:department>/submit/",
        views.submit_department,
        name="submit",
    ),
    path(
        "rounds/<int:round_id>/departments/<slug:department>/reopen/",
        views.reopen_department,
        name="reopen",
    ),
    path("answers/<int:answer_id>/", views.answer_page, name="answer"),
    path("answers/<int:answer_id>/history/", views.answer_history, name="answer_history"),
    path("answers/<int:answer_id>/file/", views.evidence_file, name="evidence_file"),
    path("conflicts/<int:conflict_id>/resolve/", views.resolve_conflict, name="resolve"),
]
