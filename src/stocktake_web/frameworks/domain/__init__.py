"""Importing framework versions."""

from stocktake_web.frameworks.domain.imports import (
    FrameworkVersionChanged,
    import_bundled_frameworks,
    import_framework,
)

__all__ = ["FrameworkVersionChanged", "import_bundled_frameworks", "import_framework"]
