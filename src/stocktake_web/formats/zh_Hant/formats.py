"""Traditional Chinese as written in Taiwan's government statistics: populations and other large
numbers in groups of three digits with a comma (2,730,000), where Django's own format groups by
four with no separator at all."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
