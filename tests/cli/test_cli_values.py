"""The answers reader of the command line refuses values their unit cannot take, saying where."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Invoke = Callable[..., Result]
Write = Callable[[str, str], Path]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("150", "takes a value from 0 to 100 (% of city area), but the value is 150"),
        ("-5", "takes a value from 0 to 100 (% of city area), but the value is -5"),
        ('"12,5"', "needs a number written with a decimal point, as 12.5"),
    ],
)
def test_cbi_share_outside_its_bounds_is_refused_with_row_and_column(
    invoke: Invoke, write: Write, value: str, says: str
) -> None:
    answers = write(
        "cbi.csv",
        f"indicator,value,city,department\nCBI-02,300,alpha,planning\nCBI-01,{value},"
        "alpha,planning\n",
    )

    result = invoke("score", "--framework", "cbi-2014", "--answers", answers)

    assert result.exit_code == 2
    assert "row 3, column 'value'" in result.stderr
    assert says in result.stderr


def test_cbi_share_written_with_thousands_and_a_point_is_scored(
    invoke: Invoke, write: Write
) -> None:
    answers = write("cbi.csv", 'indicator,value,city\nCBI-02,"1,234.5",alpha\nCBI-01,12.5,alpha\n')

    result = invoke("score", "--framework", "cbi-2014", "--answers", answers, "--format", "json")

    assert result.exit_code == 0, result.stderr
    indicators = json.loads(result.stdout)["indicators"]
    assert indicators["CBI-02"]["points"] == 3.0  # 1234.5 ha: the 1,001–1,500 band
    assert indicators["CBI-01"]["points"] == 2.0
