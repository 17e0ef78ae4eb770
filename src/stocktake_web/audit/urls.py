from django.urls import path

from stocktake_web.audit import views

app_name = "audit"

urlpatterns = [
    path("networks/<slug:network>/audit/", views.audit_log, name="log"),
]
