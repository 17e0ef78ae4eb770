"""Number and date formats that differ from Django's for our languages (``FORMAT_MODULE_PATH``).

Django looks a format up here first and falls back to its own module for the language, so each
module holds only what it changes.
"""
