"""A catalogue resource's file in the browser: the secretariat attaches it, a city downloads it.

Sam runs the secretariat of Harbour City's network, whose catalogue holds an inventory guide
known only by its link. He opens the catalogue, follows "Attach a file" under the guide and
uploads the guide as a PDF. Bo, who answers for Harbour City's environment department, finds the
file's name under the guide in the catalogue and downloads it. Sam then removes the file; the
guide stays in the catalogue with its link, and Bo no longer sees a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from pytest_django import Settings

from stocktake.knowledge import Resource as Record
from stocktake_web.accounts.models import Role
from stocktake_web.knowledge.domain.catalogue import load_catalogue
from stocktake_web.knowledge.models import Resource

from .conftest import Harbour, SignIn, _person

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4 inventory guide"
GUIDE = Record(
    id="ghg-guide",
    kind="guide",
    title={"en": "Inventory guide"},
    link="https://example.org/g",
    indicators=("E1",),
)


def test_the_secretariat_attaches_a_file_and_a_city_downloads_it(
    harbour: Harbour, sign_in: SignIn, tmp_path: Path, settings: Settings
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    network = harbour.city.network
    load_catalogue(network=network, resources=[GUIDE])
    _person("sam", Role.Kind.NETWORK_ADMIN, network=network)
    upload = tmp_path / "inventory guide.pdf"
    upload.write_bytes(PDF)

    sam = sign_in("sam")
    sam.goto("/networks/east/catalogue/")
    sam.get_by_role("link", name="Attach a file").click()
    sam.locator("input[type=file]").set_input_files(str(upload))
    sam.get_by_role("button", name="Attach").click()
    expect(sam.locator(".message.success")).to_contain_text("The file is attached.")
    expect(sam.locator(".card .file-name")).to_contain_text("inventory guide.pdf")

    bo = sign_in("bo")
    bo.goto("/networks/east/catalogue/")
    card = bo.locator("ul.resources li").filter(has_text="Inventory guide")
    expect(card.get_by_role("link", name="Attach a file")).to_have_count(0)
    with bo.expect_download() as download:
        card.get_by_role("link", name="inventory guide.pdf").click()
    assert download.value.suggested_filename == "inventory guide.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    sam.get_by_role("button", name="Remove the file").click()
    expect(sam.locator(".message.success")).to_contain_text("The file is removed.")
    bo.reload()
    expect(card).to_contain_text("Inventory guide")
    expect(card.locator(".file-name")).to_have_count(0)
    resource = Resource.objects.get(key="ghg-guide")
    assert (resource.link, resource.file_name) == ("https://example.org/g", "")
