"""Addresses of the notifications app: a person's own list and choices, nobody else's."""

from django.urls import URLPattern, URLResolver, path

from stocktake_web.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.mark_all_read, name="read"),
    path("notifications/<int:notification_id>/", views.open_notification, name="open"),
    path("notifications/settings/", views.preferences, name="settings"),
]
