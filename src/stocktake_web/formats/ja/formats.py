"""Japanese dates as written in public documents (2026年12月5日) and the 24-hour clock, one way
on every page, where Django's short format writes 2026/12/05."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
