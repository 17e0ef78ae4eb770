"""The interface catalogues are complete, keep every placeholder, and compile without gettext."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prerequisites import missing_prerequisite
from stocktake_web.catalogues import compile_catalogues, parse_po, write_mo

LOCALE = Path(__file__).resolve().parents[2] / "src" / "stocktake_web" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _entries(po: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs in the file, untranslated ones included, header left out."""
    pairs = []
    for block in po.read_text(encoding="utf-8").split("\n\n")[1:]:
        fields: dict[str, str] = {}
        name = ""
        for line in block.splitlines():
            if line.startswith("#"):
                assert "fuzzy" not in line, f"{po}: a fuzzy entry: {block}"
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) \"(.*)\"$", line)
            if match:
                name = match.group(1)
                fields[name] = match.group(2)
            else:
                fields[name] += line.strip('"')
        if "msgid" in fields:  # obsolete entries ("#~") are comments only
            pairs.append((fields["msgid"], fields.get("msgstr", fields.get("msgstr[0]", ""))))
    return pairs


def test_there_are_catalogues_for_traditional_chinese_and_japanese() -> None:
    assert [po.parts[-3] for po in CATALOGUES] == ["ja", "zh_Hant"]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-3])
def test_every_message_is_translated(po: Path) -> None:
    untranslated = [msgid for msgid, msgstr in _entries(po) if not msgstr]

    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-3])
def test_translations_keep_every_named_placeholder(po: Path) -> None:
    for msgid, msgstr in _entries(po):
        assert set(PLACEHOLDER.findall(msgstr)) >= set(PLACEHOLDER.findall(msgid)) - {"counter"}
        assert set(PLACEHOLDER.findall(msgstr)) <= set(PLACEHOLDER.findall(msgid)) | {"counter"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-3])
def test_compiled_catalogue_reads_back_with_python_gettext(po: Path, tmp_path: Path) -> None:
    messages = parse_po(po)
    mo = tmp_path / "django.mo"

    write_mo(messages, mo)

    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Sign in") == messages["Sign in"]
    assert catalogue.pgettext("round state", "Signed off") == messages["round state\x04Signed off"]
    assert catalogue.ngettext("%(counter)s member", "%(counter)s members", 5) != ""


def _need_gettext(program: str) -> None:
    if shutil.which(program) is None:
        missing_prerequisite(f"GNU gettext's {program} is not installed")


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-3])
def test_compiled_catalogue_matches_gnu_msgfmt(po: Path, tmp_path: Path) -> None:
    _need_gettext("msgfmt")
    ours, theirs = tmp_path / "ours.mo", tmp_path / "theirs.mo"
    write_mo(parse_po(po), ours)
    subprocess.run(["msgfmt", "--check", "-o", str(theirs), str(po)], check=True)

    with ours.open("rb") as a, theirs.open("rb") as b:
        mine, gnu = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    # msgfmt leaves the POT creation date out of the header; every message must be the same.
    mine._catalog.pop("")  # type: ignore[attr-defined]
    gnu._catalog.pop("")  # type: ignore[attr-defined]
    assert mine._catalog == gnu._catalog  # type: ignore[attr-defined]


def test_only_missing_or_outdated_catalogues_are_compiled(tmp_path: Path) -> None:
    target = tmp_path / "ja" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(LOCALE / "ja" / "LC_MESSAGES" / "django.po", target / "django.po")

    first = compile_catalogues(tmp_path)
    second = compile_catalogues(tmp_path)

    assert first == [target / "django.mo"]
    assert second == []


def test_the_build_step_compiles_without_django_settings(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}

    result = subprocess.run(
        [sys.executable, "-m", "stocktake_web.catalogues"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "compiled locale/ja/LC_MESSAGES/django.mo" in result.stdout


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

    fresh = {msgid for msgid, _msgstr in _entries(copy / "locale/ja/LC_MESSAGES/django.po")}
    kept = {msgid for msgid, _msgstr in _entries(LOCALE / "ja/LC_MESSAGES/django.po")}
    assert fresh == kept
