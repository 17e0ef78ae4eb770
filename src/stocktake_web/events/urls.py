from django.urls import URLPattern, URLResolver, path

from stocktake_web.events import views

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("networks/<slug:network>/events/", views.event_list, name="list"),
    path("networks/<slug:network>/events/new/", views.event_new, name="new"),
    path("networks/<slug:network>/events/<int:event_id>/", views.event_detail, name="detail"),
    path("networks/<slug:network>/events/<int:event_id>/edit/", views.event_edit, name="edit"),
    path(
        "networks/<slug:network>/events/<int:event_id>/materials/",
        views.material_new,
        name="material_new",
    ),
    path(
        "networks/<slug:network>/events/<int:event_id>/materials/<int:material_id>/",
        views.material_file,
        name="material_file",
    ),
    path(
        "networks/<slug:network>/events/<int:event_id>/materials/<int:material_id>/remove/",
        views.material_remove,
        name="material_remove",
    ),
    path("networks/<slug:network>/events/year/<int:year>/", views.year_page, name="year"),
    path("cities/<slug:city>/events/", views.city_events, name="city"),
]
