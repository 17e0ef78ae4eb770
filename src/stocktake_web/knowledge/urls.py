from django.urls import URLPattern, URLResolver, path

from stocktake_web.knowledge import views

app_name = "knowledge"

urlpatterns: list[URLPattern | URLResolver] = [
    path("networks/<slug:network>/catalogue/", views.catalogue, name="catalogue"),
    path("networks/<slug:network>/catalogue/policies/", views.policies, name="policies"),
    path("networks/<slug:network>/catalogue/financing/", views.financing, name="financing"),
    path("networks/<slug:network>/catalogue/manage/", views.manage, name="manage"),
    path(
        "networks/<slug:network>/catalogue/catalogue.<str:fmt>",
        views.export,
        name="export",
    ),
    path(
        "networks/<slug:network>/catalogue/resources/<str:resource>/file/",
        views.resource_file,
        name="resource_file",
    ),
    path(
        "networks/<slug:network>/catalogue/resources/<str:resource>/attach/",
        views.attach_file,
        name="attach_file",
    ),
    path(
        "networks/<slug:network>/catalogue/resources/<str:resource>/attach/remove/",
        views.remove_file,
        name="remove_file",
    ),
    path("cities/<slug:city>/knowledge/", views.city_key_areas, name="city"),
]
