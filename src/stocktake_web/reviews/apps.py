from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "stocktake_web.reviews"
    label = "reviews"
    verbose_name = _("Revision requests and comments")
