"""Numbers as people type them: the digits 0–9, an optional sign, decimal point and exponent.

A value is a number only when it is written as ``3``, ``-12.5`` or ``1e6``. Python's own ``float``
and ``int`` would also read full-width ``３``, Arabic-Indic ``٣``, ``1_000`` and a 5,000-digit
integer (which ``int`` then refuses with an error of its own); a person typing those meant
something else, or pasted from somewhere that changed the digits, so :func:`read_number` refuses
them with a sentence saying how to write the number instead. Files (:mod:`stocktake.io`) and
answers typed in a form (:mod:`stocktake.answers`) read numbers through this one module, which is
why it sits below both.
"""

from __future__ import annotations

import math
import re

from stocktake.errors import FileError

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
                "check it and write the number it should hold"
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


def shown(text: str) -> str:
    """``text`` as quoted in an error message: cut short when it is very long."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text)} characters)"
