"""The settings the type checker's Django plugin loads: the project's own, made loadable anywhere.

django-stubs imports the settings and starts the app registry to learn the models and their
managers. The project's settings refuse to load without a secret key when debug is off, and in
debug they keep a generated key in the data directory; a fixed key, no ``.env`` file and a
database in memory let ``mypy`` run on a fresh clone without writing anything. The plugin
restores the environment once the registry is ready.
"""

from __future__ import annotations

import os

os.environ.update(
    SECRET_KEY="type-checking-only-never-served",
    DATABASE_URL="sqlite://:memory:",
    STOCKTAKE_ENV_FILE="",
)

from stocktake_web.settings import *  # noqa: F403
