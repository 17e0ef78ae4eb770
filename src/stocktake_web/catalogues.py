"""Compiling the gettext catalogues (``.po`` -> ``.mo``) without GNU gettext.

Compiled catalogues are build products and are not committed. Django's ``compilemessages`` needs
the ``msgfmt`` program, which a fresh machine may lack; this writer needs only Python, so the
application compiles any missing or outdated catalogue when it starts and the
``compile_catalogues`` command does it explicitly (for read-only deployments, at build time).
Fuzzy entries are skipped, as ``msgfmt`` does by default.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

_MAGIC = 0x950412DE
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


class CatalogueError(ValueError):
    """A ``.po`` file cannot be read; the message names the file and line."""


@dataclass
class _Entry:
    fields: dict[str, str] = field(default_factory=dict)
    fuzzy: bool = False

    def key(self) -> str:
        msgid = self.fields.get("msgid", "")
        if "msgid_plural" in self.fields:
            msgid += "\0" + self.fields["msgid_plural"]
        if "msgctxt" in self.fields:
            msgid = self.fields["msgctxt"] + "\x04" + msgid
        return msgid

    def translation(self) -> str:
        if "msgid_plural" not in self.fields:
            return self.fields.get("msgstr", "")
        forms = sorted(
            (int(name[7:-1]), text) for name, text in self.fields.items() if name[:7] == "msgstr["
        )
        return "\0".join(text for _, text in forms)


def _unquote(literal: str, where: str) -> str:
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise CatalogueError(f"{where}: expected a quoted string")
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def parse_po(path: Path) -> dict[str, str]:
    """Translations in ``path`` as ``{key: text}``; untranslated and fuzzy entries left out."""
    entries: list[_Entry] = []
    current = _Entry()
    last: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path}, line {number}"
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                current.fuzzy = True
            continue
        match = _KEYWORD.match(line)
        if match:
            name = match.group(1)
            if name in ("msgctxt", "msgid") and "msgid" in current.fields:
                entries.append(current)
                current = _Entry()
            current.fields[name] = _unquote(match.group(2), where)
            last = name
        elif line.startswith('"') and last is not None:
            current.fields[last] += _unquote(line, where)
        else:
            raise CatalogueError(f"{where}: cannot read '{line}'")
    if "msgid" in current.fields:
        entries.append(current)
    return {
        entry.key(): entry.translation()
        for entry in entries
        if (not entry.fuzzy or entry.key() == "") and entry.translation().strip("\0")
    }


def write_mo(messages: dict[str, str], path: Path) -> None:
    """Write ``messages`` in the GNU ``.mo`` format (little-endian, no hash table)."""
    keys = sorted(messages)
    ids = [key.encode("utf-8") for key in keys]
    strs = [messages[key].encode("utf-8") for key in keys]
    count = len(keys)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    table: list[int] = []
    blob = b""
    for encoded in ids + strs:
        table += [len(encoded), data_at + len(blob)]
        blob += encoded + b"\0"
    header = struct.pack("<7I", _MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    # Written aside and renamed into place, so a process starting at the same moment (parallel
    # test workers, several server workers) never reads a half-written catalogue.
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(header + struct.pack(f"<{4 * count}I", *table) + blob)
    os.replace(partial, path)


def compile_catalogues(locale_dir: Path, *, only_stale: bool = True) -> list[Path]:
    """Compile every ``django.po`` below ``locale_dir``; return the ``.mo`` files written.

    With ``only_stale`` a catalogue is compiled only when its ``.mo`` is missing or older than
    the ``.po``.
    """
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if only_stale and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        write_mo(parse_po(po), mo)
        written.append(mo)
    return written


def main() -> None:
    """``python -m stocktake_web.catalogues``: compile the package's catalogues, no settings."""
    locale_dir = Path(__file__).resolve().parent / "locale"
    for mo in compile_catalogues(locale_dir, only_stale=False):
        print(f"compiled {mo.relative_to(locale_dir.parent)}")


if __name__ == "__main__":
    main()
