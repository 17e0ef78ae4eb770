"""Numbers as people type them: the digits 0–9, an optional sign, decimal point and exponent.

A value is a number only when it is written as ``3``, ``-12.5`` or ``1e6``. Python's own ``float``
and ``int`` would also read full-width ``３``, Arabic-Indic ``٣``, ``1_000`` and a 5,000-digit
integer (which ``int`` then refuses with an error of its own); a person typing those meant
something else, or pasted from somewhere that changed the digits, so :func:`read_number` refuses
them with a sentence saying how to write the number instead. Files (:mod:`stocktake.io`) and
answers typed in a form (:mod:`stocktake.answers`) read numbers through this one module, which is
why it sits below both.

People also write numbers the way their language does: ``12,5`` in German or Indonesian,
``1,234.5`` in English. :func:`plain_number` rewrites such text with a decimal point and no
thousands separators, using the locale's own symbols (Babel's CLDR data), and refuses a decimal
comma in a language that writes a decimal point, saying how to write it instead.
"""

from __future__ import annotations

import math
import re

from babel.core import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from stocktake.errors import FileError

MAX_EXACT_DIGITS = 18
"""Whole numbers up to this many digits stay exact integers; longer ones become floats."""

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WHOLE = re.compile(rf"[+-]?[0-9]{{1,{MAX_EXACT_DIGITS}}}")
_OTHER_DIGITS = re.compile(r"[+-]?(?=.*[^\x00-\x7f])[\d.,]+")
"""A number written with digits and separators, some of them not ASCII (``１,２００``)."""
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
            digits = sum(c.isdigit() for c in text)
            if "e" in text.lower():  # 1e400: a short text, its exponent too large
                size, code = "is too large to be a value", "too_large_number"
            else:
                size, code = f"has {digits} digits, too large to be a value", "too_many_digits"
            raise FileError(
                f"'{shown(text)}' {size}; check it and write the number it should hold",
                code=code,
                params={"value": shortened(text), "count": digits},
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
        if not _OTHER_DIGITS.fullmatch(text):
            return
    if "_" in text:
        raise FileError(
            f"'{shown(text)}' has an underscore inside the number; "
            f"write it without, as {shown(text.replace('_', ''))}",
            code="underscore",
            params={"value": shortened(text), "plain": shortened(text.replace("_", ""))},
        )
    raise FileError(
        f"'{shown(text)}' is written with digits other than 0–9 (full-width or another script's "
        "digits); type the number again with the digits 0–9",
        code="other_digits",
        params={"value": shortened(text)},
    )


class SeparatorError(FileError):
    """A number whose separators cannot be read in the language it was written in.

    ``suggested`` holds what the person probably meant, written plainly (``12.5`` for ``12,5`` in
    English), or two readings when the text could mean either (``1.234`` in German); a caller
    that speaks the person's language builds its own sentence from ``written`` and ``suggested``.
    """

    def __init__(self, message: str, *, written: str, suggested: tuple[str, ...]) -> None:
        super().__init__(message)
        self.written = written
        self.suggested = suggested


_SIGNS = {"+": "+", "-": "-", "\u2212": "-"}
"""Signs read before a number; the minus sign U+2212 is how typeset text and several locales
write a negative number."""

_GROUPED = r"[1-9][0-9]{0,2}(?:G[0-9]{3})+"
"""Digits in groups of three, ``G`` standing for the locale's group separator."""


def plain_number(text: str, *, locale: str = "en") -> str:
    """``text`` rewritten with a decimal point and without thousands separators.

    The locale's decimal and group symbols come from Babel (``,`` and ``.`` in German, ``.`` and
    ``,`` in English); a group separator is accepted only between groups of three digits, so
    ``1,234.5`` is read in English and ``1.234,5`` in German. A decimal point is read in every
    locale, since it is how numbers are written in files and code. Text that is not a number in
    any of these ways comes back stripped, for :func:`read_number` to judge.

    Raises
    ------
    SeparatorError
        When a separator can only be a decimal separator the locale does not use (``12,5`` in
        English), or could be a decimal or a group separator (``1.234`` in German).
    """
    text = text.strip()
    decimal, group = _separators(locale)
    sign = text[:1] if text[:1] in _SIGNS else ""
    body = text[len(sign) :]
    sign = _SIGNS.get(sign, "")
    if group == " ":
        body = re.sub(r"\s", " ", body)
    grouped = _GROUPED.replace("G", re.escape(group))
    if decimal == ",":
        return sign + _comma_decimal(body, grouped, group, text)
    if re.fullmatch(rf"{grouped}(?:\.[0-9]+)?", body):
        return sign + body.replace(group, "")
    if group != "," and re.fullmatch(r"[0-9]+,[0-9]+", body):
        return sign + body  # read_number refuses it: neither reading of the comma is likelier
    if re.fullmatch(r"[0-9]*,[0-9]+", body):
        suggested = sign + body.replace(",", ".")
        raise SeparatorError(
            f"'{shown(text)}' has a decimal comma; write it with a decimal point, as {suggested}",
            written=text,
            suggested=(suggested,),
        )
    return sign + body


def _comma_decimal(body: str, grouped: str, group: str, text: str) -> str:
    """``body`` in a locale writing a decimal comma (``group`` is then ``.`` or a space)."""
    if re.fullmatch(rf"(?:{grouped}|[0-9]+),[0-9]+|{grouped}", body):
        if group == "." and body.count(".") == 1 and "," not in body:
            as_decimal, as_groups = body, body.replace(".", "")
            raise SeparatorError(
                f"'{shown(text)}' could be {as_groups} or {as_decimal}; write it without the "
                "thousands separator, or with a decimal comma",
                written=text,
                suggested=(as_groups, as_decimal),
            )
        return body.replace(group, "").replace(",", ".")
    return body


def _separators(locale: str) -> tuple[str, str]:
    """The locale's decimal and group symbols; English's for a locale Babel does not know.

    A narrow or non-breaking space as group symbol (French) is also accepted as a plain space,
    since that is what a keyboard types.
    """
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ".", ","
    decimal, group = get_decimal_symbol(parsed), get_group_symbol(parsed)
    return decimal, " " if group.isspace() else group


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is a number written with 0–9 as :func:`read_number` reads it."""
    return _NUMBER.fullmatch(text) is not None


def shown(text: str) -> str:
    """``text`` as quoted in an English error message: cut short when it is very long."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text)} characters)"


def shortened(text: str) -> str:
    """``text`` cut short as :func:`shown` does, without words: the value an error's ``params``
    carry into a sentence in another language."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…"
