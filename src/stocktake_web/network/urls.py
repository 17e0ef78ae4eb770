from django.urls import path

from stocktake_web.network import views

app_name = "network"

urlpatterns = [
    path("cities/<slug:city>/context/", views.city_context, name="context"),
    path("public/<slug:network>/", views.public_summary, name="public"),
]
