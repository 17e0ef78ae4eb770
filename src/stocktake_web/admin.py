"""The administration site's own name; each app's ``admin`` module registers its models.

Only staff accounts (``createsuperuser``) sign in here. Rounds, answers and everything else of
an assessment are not registered: they change only through the assessment domain.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Stocktake administration")
admin.site.site_title = _("Stocktake administration")
