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
    catalogues = tempfile.mkdtemp(prefix="locale-", dir=settings.DATA_DIR)
    atexit.register(shutil.rmtree, catalogues, ignore_errors=True)
    _compile_catalogues(Path(catalogues))


def _compile_catalogues(target: Path) -> None:
    """Compile a copy of the catalogues and read the translations from it.

    The source tree's ``.mo`` files are what ``make messages`` last built, maybe before the
    ``.po`` files changed; the tests read what the ``.po`` files say now. Each test process
    (each parallel worker, which may share the data directory) compiles its own copy, so no
    two write the same file.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    if shutil.which("msgfmt") is None:
        raise RuntimeError(
            "The web tests compile the catalogues with GNU gettext's msgfmt: install the "
            "'gettext' package."
        )
    for source in settings.LOCALE_PATHS:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.mo"), dirs_exist_ok=True)
    # Switched through the test settings override, which also drops any catalogue read before.
    override_settings(LOCALE_PATHS=[target]).enable()
    call_command("compilemessages", verbosity=0)
