"""One cell at a time: numbers as people type them, and text that stays text in a spreadsheet.

Numbers
    Cells are read as numbers by :func:`stocktake.numbers.read_number` (digits 0–9 only).

Formulas
    A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
    return before them) as a formula, so text typed by a respondent could fetch a web address or
    run a command when a coordinator opens an export. :func:`neutralised` puts a single quote in
    front of such text (OWASP's rule for CSV injection), except when the whole cell is a plain
    number such as ``-3``, which a spreadsheet reads as the number it is. :func:`restored` undoes
    exactly that, so a file written by Stocktake reads back to the same text.

References
----------
OWASP, *CSV Injection*, https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

from stocktake.numbers import MAX_EXACT_DIGITS, is_plain_number, read_number, shown

__all__ = [
    "FORMULA_STARTS",
    "MAX_EXACT_DIGITS",
    "QUOTE",
    "is_plain_number",
    "neutralised",
    "read_number",
    "restored",
    "shown",
]

FORMULA_STARTS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula."""
QUOTE = "'"
"""The prefix that makes a spreadsheet show a cell as text."""


def neutralised(text: str) -> str:
    """``text`` with a single quote in front when a spreadsheet would run it as a formula.

    Text that already starts with quotes before a formula character gets one more, so that
    :func:`restored` can tell a quote it must take away from one the person typed.
    """
    if text.lstrip(QUOTE)[:1] in FORMULA_STARTS and not is_plain_number(text):
        return QUOTE + text
    return text


def restored(text: str) -> str:
    """The text :func:`neutralised` was given: one leading quote before a formula start removed."""
    if text.startswith(QUOTE) and text.lstrip(QUOTE)[:1] in FORMULA_STARTS:
        return text[1:]
    return text
