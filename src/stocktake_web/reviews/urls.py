"""Addresses of the reviews app: revision requests and comments on answers."""

from django.urls import URLPattern, URLResolver, path

from stocktake_web.reviews import views

app_name = "reviews"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "answers/<int:answer_id>/revision-requests/",
        views.ask_for_revision,
        name="request_revision",
    ),
    path("revision-requests/<int:request_id>/settle/", views.settle, name="settle"),
    path("answers/<int:answer_id>/comments/", views.comment, name="comment"),
]
