"""The interface catalogues are complete, keep every placeholder, and compile with GNU gettext.

``make messages`` compiles them with Django's ``compilemessages`` (which runs ``msgfmt``); the
application never compiles or writes them itself.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from prerequisites import missing_prerequisite

LOCALE = Path(__file__).resolve().parents[2] / "src" / "stocktake_web" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$")


@dataclass
class Entry:
    """One message of a ``.po`` file, its strings unescaped."""

    msgid: str = ""
    context: str | None = None
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    flags: str = ""

    @property
    def translated(self) -> bool:
        return bool(self.translations) and all(self.translations)


def _entries(po: Path) -> list[Entry]:
    """The file's messages, untranslated ones included; the header and obsolete ones left out."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n")[1:]:
        fields: dict[str, str] = {}
        name, flags = "", ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                name = match.group(1)
                fields[name] = ast.literal_eval(match.group(2))
            else:
                fields[name] += ast.literal_eval(line)
        if "msgid" in fields:  # obsolete entries ("#~") are comments only
            translations = [text for key, text in sorted(fields.items()) if key[:6] == "msgstr"]
            entries.append(
                Entry(
                    fields["msgid"],
                    fields.get("msgctxt"),
                    fields.get("msgid_plural"),
                    translations,
                    flags,
                )
            )
    return entries


def test_there_are_catalogues_for_traditional_chinese_japanese_and_korean() -> None:
    assert [po.parts[-3] for po in CATALOGUES] == ["ja", "ko", "zh_Hant"]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-3])
def test_every_message_is_translated_and_none_is_fuzzy(po: Path) -> None:
    entries = _entries(po)

    assert [entry.msgid for entry in entries if not entry.translated] == []
    assert [entry.msgid for entry in entries if "fuzzy" in entry.flags] == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-3])
def test_translations_keep_every_named_placeholder(po: Path) -> None:
    """Whether or not the entry is marked python-format (which msgfmt checks too).

    A plural's ``counter`` may be left out of a language with one form, and added to one
    whose English singular says "one".
    """
    for entry in _entries(po):
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.plural or "")))
        for text in entry.translations:
            assert set(PLACEHOLDER.findall(text)) ^ wanted <= {"counter"}, entry


def _need_gettext(program: str) -> None:
    if shutil.which(program) is None:
        missing_prerequisite(f"GNU gettext's {program} is not installed")


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-3])
def test_msgfmt_checks_the_catalogue_and_finds_nothing_untranslated(po: Path) -> None:
    """msgfmt checks the header, the plural forms and every python-format entry's placeholders."""
    _need_gettext("msgfmt")

    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


def test_compilemessages_compiles_a_fresh_copy_without_settings(tmp_path: Path) -> None:
    """What ``make messages`` runs, on a copy with no compiled catalogue: both are compiled."""
    _need_gettext("msgfmt")
    shutil.copytree(LOCALE, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": ""}

    result = subprocess.run(
        [sys.executable, "-m", "django", "compilemessages", "-v", "0"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    for po in CATALOGUES:
        compiled = gettext.translation("django", tmp_path / "locale", [po.parts[-3]])
        for entry in _entries(po):
            assert _read_back(compiled, entry) == entry.translations[0], entry


def _read_back(compiled: gettext.NullTranslations, entry: Entry) -> str:
    """The entry's (first) translation as the compiled catalogue gives it."""
    if entry.plural is not None and entry.context is not None:
        return compiled.npgettext(entry.context, entry.msgid, entry.plural, 1)
    if entry.plural is not None:
        return compiled.ngettext(entry.msgid, entry.plural, 1)
    if entry.context is not None:
        return compiled.pgettext(entry.context, entry.msgid)
    return compiled.gettext(entry.msgid)


def test_starting_the_application_writes_nothing_into_the_package(tmp_path: Path) -> None:
    """The package may be installed read-only: start-up and a first translation write nothing."""
    package = LOCALE.parent
    before = _files_and_times(package)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stocktake_web.settings",
        "DEBUG": "1",
        "STOCKTAKE_DATA_DIR": str(tmp_path),
        "STOCKTAKE_ENV_FILE": "",
    }
    script = (
        "import django; django.setup()\n"
        "from django.utils import translation\n"
        "translation.activate('ja'); print(translation.gettext('Sign in'))\n"
    )

    result = subprocess.run(
        [sys.executable, "-B", "-c", script], env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert _files_and_times(package) == before


def _files_and_times(folder: Path) -> dict[Path, int]:
    return {
        path: path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_catalogues_hold_every_message_of_the_code(tmp_path: Path) -> None:
    """Run makemessages on a copy of the package: no message may be missing from the files."""
    _need_gettext("xgettext")
    copy = tmp_path / "stocktake_web"
    shutil.copytree(
        LOCALE.parent, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "migrations")
    )
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "stocktake_web.settings"}

    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ja", "--add-location", "file"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )

    fresh = {entry.msgid for entry in _entries(copy / "locale/ja/LC_MESSAGES/django.po")}
    kept = {entry.msgid for entry in _entries(LOCALE / "ja/LC_MESSAGES/django.po")}
    assert fresh == kept


CJK = "[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
"""Kana and Han characters: the scripts written with full-width punctuation."""
ASCII_NEXT_TO_CJK = re.compile(rf"{CJK} ?[,:;()]|[,:;()] ?{CJK}")
URL = re.compile(r"https?://\S+")


def ascii_punctuation_beside_cjk(text: str) -> list[str]:
    """ASCII , : ; ( ) written next to a Chinese or Japanese character (a space between too).

    Placeholders (``%(city)s``) never match, their parenthesis being next to ``%``; web
    addresses are left out.
    """
    return [match.group() for match in ASCII_NEXT_TO_CJK.finditer(URL.sub("", text))]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("都市(%(city)s)", ["市("]),
        ("合計: %(total)s", ["計:"]),
        ("都市：%(city)s（%(count)s）", []),
        ("参照 https://example.org/a(b),c 日本", []),
        ("Training (2)、Finance (1)", []),
    ],
)
def test_ascii_punctuation_beside_cjk_is_found(text: str, found: list[str]) -> None:
    assert ascii_punctuation_beside_cjk(text) == found


@pytest.mark.parametrize("language", ["ja", "zh_Hant"])
def test_chinese_and_japanese_use_full_width_punctuation(language: str) -> None:
    """，。：；（） where these languages write them; ASCII stays in placeholders and addresses."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    wrong = {
        text: ascii_punctuation_beside_cjk(text)
        for entry in _entries(po)
        for text in entry.translations
        if ascii_punctuation_beside_cjk(text)
    }

    assert wrong == {}


def test_korean_uses_ascii_punctuation() -> None:
    """Korean writes , . : ( ) as English does: no full-width forms in its catalogue."""
    po = LOCALE / "ko" / "LC_MESSAGES" / "django.po"
    full_width = re.compile("[，。：；（）、]")

    wrong = [
        text for entry in _entries(po) for text in entry.translations if full_width.search(text)
    ]

    assert wrong == []
