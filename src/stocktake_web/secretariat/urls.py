"""Addresses of the secretariat app: its network's administration, and invitations."""

from django.urls import URLPattern, URLResolver, path

from stocktake_web.secretariat import views

app_name = "secretariat"

urlpatterns: list[URLPattern | URLResolver] = [
    path("networks/<slug:network>/manage/", views.cities, name="cities"),
    path("networks/<slug:network>/manage/cities/new/", views.add_city, name="add_city"),
    path("networks/<slug:network>/manage/cities/<slug:city>/", views.city, name="city"),
    path("networks/<slug:network>/manage/people/", views.people, name="people"),
    path(
        "networks/<slug:network>/manage/people/roles/<int:role>/revoke/",
        views.revoke,
        name="revoke",
    ),
    path("networks/<slug:network>/manage/settings/", views.network_settings, name="settings"),
    path("networks/<slug:network>/manage/import/", views.import_file, name="import"),
    path(
        "networks/<slug:network>/manage/import/template.xlsx",
        views.import_template,
        name="import_template",
    ),
    path(
        "networks/<slug:network>/manage/import/template-<slug:sheet>.csv",
        views.import_template,
        name="import_template_sheet",
    ),
    path("cities/<slug:city>/invitations/", views.invitations, name="invitations"),
    path("invitations/<str:token>/", views.accept, name="accept"),
]
