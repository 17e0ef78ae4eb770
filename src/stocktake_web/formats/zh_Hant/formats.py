"""Traditional Chinese as written in Taiwan's government statistics: populations and other large
numbers in groups of three digits with a comma (2,730,000), where Django's own format groups by
four with no separator at all."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Dates as written in Taiwan's public documents (2026年12月5日) and the 24-hour clock, one way on
# every page, where Django's short format writes 2026/12/05 and its times 上午/下午.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
