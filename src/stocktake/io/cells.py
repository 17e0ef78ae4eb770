"""One cell at a time: numbers as people type them, and text that stays text in a spreadsheet.

Numbers
    A cell is a number only when it is written with the digits 0–9, an optional sign, decimal
    point and exponent (``3``, ``-12.5``, ``1e6``). Python's own ``float`` and ``int`` would also
    read full-width ``３``, Arabic-Indic ``٣``, ``1_000`` and a 5,000-digit integer (which ``int``
    then refuses with an error of its own); a person typing those meant something else, or pasted
    from somewhere that changed the digits, so :func:`read_number` refuses them with a sentence
    saying how to write the number instead.

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

import math
import re

from stocktake.errors import FileError

FORMULA_STARTS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula."""
QUOTE = "'"
"""The prefix that makes a spreadsheet show a cell as text."""
MAX_EXACT_DIGITS = 18
"""Whole numbers up to this many digits stay exact integers; longer ones become floats."""

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WHOLE = re.compile(rf"[+-]?[0-9]{{1,{MAX_EXACT_DIGITS}}}")
_SHOWN = 40
"""Characters of a cell quoted in an error message; a 5,000-digit cell is cut short."""


def read_number(text: str) -> int | float | None:
    """The number written in ``text``, or ``None`` when the text is not written as a number.

    Whole numbers of up to :data:`MAX_EXACT_DIGITS` digits come back as ``int``, every other
    number as a finite ``float``. Surrounding spaces are ignored.

    Raises
    ------
    FileError
        Without a place (the caller adds it), when the text would pass for a number in Python but
        not to a person: digits other than 0–9, underscores between digits, or a number too large
        for any calculation (a value of thousands of digits).
    """
    text = text.strip()
    if _WHOLE.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        value = float(text)
        if not math.isfinite(value):
            digits = sum(character.isdigit() for character in text)
            raise FileError(
                f"'{shown(text)}' has {digits} digits, too large to be a value; "
                "check the cell and write the number it should hold"
            )
        return value
    _refuse_look_alike(text)
    return None


def _refuse_look_alike(text: str) -> None:
    """Refuse text that Python reads as a number but that is not written with 0–9 alone."""
    if not any(character.isdigit() for character in text):
        return  # "inf", "nan" and words stay text; the callers say what they expected instead
    try:
        float(text)
    except ValueError:
        return
    if "_" in text:
        raise FileError(
            f"'{shown(text)}' has an underscore inside the number; "
            f"write it without, as {shown(text.replace('_', ''))}"
        )
    raise FileError(
        f"'{shown(text)}' is written with digits other than 0–9 (full-width or another script's "
        "digits); type the number again with the digits 0–9"
    )


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is a number written with 0–9 as :func:`read_number` reads it."""
    return _NUMBER.fullmatch(text) is not None


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


def shown(text: str) -> str:
    """``text`` as quoted in an error message: cut short when it is very long."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text)} characters)"
