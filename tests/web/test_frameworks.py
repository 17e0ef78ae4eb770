"""Framework versions reach the database through the core's loader, once and unchanged."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from stocktake.frameworks import bundled_frameworks
from stocktake_web.frameworks.models import FrameworkVersion

from .conftest import DATA


def test_the_command_stores_every_bundled_framework(db: None) -> None:
    out = io.StringIO()

    call_command("import_frameworks", stdout=out)

    stored = set(FrameworkVersion.objects.values_list("framework_id", "version"))
    assert stored == {(fw.id, fw.version) for fw in bundled_frameworks()}
    assert "issa-36@" in out.getvalue()


def test_the_command_stores_a_framework_file_and_is_idempotent(db: None) -> None:
    call_command("import_frameworks", str(DATA / "pilot.yaml"), stdout=io.StringIO())
    call_command("import_frameworks", str(DATA / "pilot.yaml"), stdout=io.StringIO())

    assert list(FrameworkVersion.objects.values_list("framework_id", flat=True)) == ["pilot"]


def test_an_invalid_framework_file_is_reported_not_stored(db: None) -> None:
    bad = DATA.parent / "conftest.py"

    with pytest.raises(CommandError, match="is not a valid framework"):
        call_command("import_frameworks", str(bad), stdout=io.StringIO())
    assert not FrameworkVersion.objects.exists()
