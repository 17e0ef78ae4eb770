"""English dates written out with the day first (5 December 2026) and the 24-hour clock, one way
on every page: Django's own English format ends a time with "a.m.", which a sentence ending
after it doubled into "7:27 a.m..", and its short format (12/05/2026) reads differently in
Europe and America."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
