from django.urls import path

from stocktake_web.workshops import views

app_name = "workshops"

urlpatterns = [
    path("rounds/<int:round_id>/workshop/", views.round_workshop, name="round"),
    path("workshops/<int:session_id>/", views.screen, name="screen"),
    path("workshops/<int:session_id>/state/", views.change_state, name="state"),
    path("workshops/<int:session_id>/move/", views.move, name="move"),
    path("workshops/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path("workshops/<int:session_id>/scores/<str:indicator>/", views.score, name="score"),
    path("workshops/<int:session_id>/dissent/<str:indicator>/", views.dissent, name="dissent"),
    path(
        "workshops/<int:session_id>/dissent/<int:dissent_id>/withdraw/",
        views.withdraw_dissent,
        name="withdraw_dissent",
    ),
    path(
        "workshops/<int:session_id>/conflicts/<int:conflict_id>/resolve/",
        views.resolve_conflict,
        name="resolve",
    ),
]
