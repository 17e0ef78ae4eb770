"""How the command line formats numbers for its tables."""

from __future__ import annotations

import math

import numpy as np

from stocktake_cli.output import number


def test_a_number_prints_with_the_given_decimals() -> None:
    assert number(75.83) == "75.8"
    assert number(0.12345, 3) == "0.123"
    assert number(np.float64(4.0), 0) == "4"


def test_none_and_nan_both_print_as_a_dash() -> None:
    assert number(None) == "–"
    assert number(math.nan) == "–"
    assert number(np.float64("nan"), 3) == "–"
