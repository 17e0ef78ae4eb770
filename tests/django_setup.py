"""Django for the web and browser tests, set up the same way whichever folder is collected first.

Imported by ``tests/web/conftest.py`` and ``tests/e2e/conftest.py`` only, so a core-only run
never loads Django. The settings are the debug ones, with no ``.env`` file read; uploads, the
debug key and static files go to a temporary data directory that is removed when the run ends
(unless ``STOCKTAKE_DATA_DIR`` names one, which is then left alone). ``DATABASE_URL``, when set,
chooses the database; otherwise the tests run on SQLite.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def set_up_django() -> None:
    """Choose the test settings and start Django; calling it again does nothing more."""
    if "STOCKTAKE_DATA_DIR" not in os.environ:
        data_dir = tempfile.mkdtemp(prefix="stocktake-tests-")
        os.environ["STOCKTAKE_DATA_DIR"] = data_dir
        atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocktake_web.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("STOCKTAKE_ENV_FILE", "")

    import django
    from django.conf import settings

    django.setup()
    # WhiteNoise warns (an error here) when the collected static files are missing; the tests
    # need none, and the live server serves them from the apps' folders.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
