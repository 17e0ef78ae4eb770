"""The WSGI application, for gunicorn: ``gunicorn stocktake_web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocktake_web.settings")

application = get_wsgi_application()
