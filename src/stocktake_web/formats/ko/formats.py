"""Korean as Korean public administration writes dates: ``2026. 12. 5.`` for a short date (the
notation of the official-document rules) and the 24-hour clock, where Django's own Korean format
writes ``2026-12-5`` and ``오후 2:30``. Long dates stay Django's ``2026년 12월 5일``."""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y년 n월 j일 H:i"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
