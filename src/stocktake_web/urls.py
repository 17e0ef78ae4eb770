from django.contrib import admin
from django.urls import include, path

from stocktake_web.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("stocktake_web.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("stocktake_web.assessments.urls")),
    path("", include("stocktake_web.dashboards.urls")),
    path("", include("stocktake_web.background.urls")),
    path("", include("stocktake_web.audit.urls")),
    path("", include("stocktake_web.benchmarking.urls")),
    path("", include("stocktake_web.rankings.urls")),
    path("", include("stocktake_web.peers.urls")),
    path("", include("stocktake_web.events.urls")),
    path("", include("stocktake_web.progress.urls")),
    path("", include("stocktake_web.network.urls")),
    path("", include("stocktake_web.notifications.urls")),
    path("", include("stocktake_web.reviews.urls")),
    path("", include("stocktake_web.secretariat.urls")),
    path("", include("stocktake_web.reports.urls")),
    path("", include("stocktake_web.exchange.urls")),
    path("", include("stocktake_web.knowledge.urls")),
    path("", include("stocktake_web.api.urls")),
    path("", include("stocktake_web.frameworks.urls")),
    path("", include("stocktake_web.screening.urls")),
    path("", include("stocktake_web.workshops.urls")),
]
