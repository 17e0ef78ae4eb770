"""Evidence files keep their owners' names, however long or strange, and never outlive a failed
save.

The stored copy's path must fit its column (PostgreSQL refuses a longer one; SQLite stores it
anyway) and its name the file system; the name a person gave the file is kept in full in the
answer's row and shown. Django cuts the name on an upload to 255 characters, and refuses a form
part whose headers pass 1,024 bytes, so a name of 1,000 characters reaches the domain only from
code. Run on SQLite and, with ``--postgres``, on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import (
    EVIDENCE_PATH_MAX_LENGTH,
    STORED_NAME_MAX_BYTES,
    Answer,
    AnswerRevision,
    shortened_file_name,
)

from .conftest import Cast

PDF = b"%PDF-1.7 evidence"
BOUNDARY = "evidence-boundary"

NAMES = {
    "57 characters": ("a" * 53 + ".pdf", "a" * 53 + ".pdf"),
    "255 characters": ("b" * 251 + ".pdf", "b" * 251 + ".pdf"),
    "900 characters": ("c" * 896 + ".pdf", "c" * 896 + ".pdf"),
    "Chinese, 278 characters": (
        "溫室氣體盤查報告" * 34 + "附件.pdf",
        "溫室氣體盤查報告" * 34 + "附件.pdf",
    ),
    "Japanese with spaces": (
        "温室効果ガス 排出量 報告書 2024年度.pdf",
        "温室効果ガス 排出量 報告書 2024年度.pdf",
    ),
    "a Unix path": ("../../etc/passwd.pdf", "passwd.pdf"),
    "a Windows path": ("C:\\Users\\mei\\Documents\\盤查.pdf", "盤查.pdf"),
    "a path of dots": ("..\\..\\..\\plan.pdf", "plan.pdf"),
}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploads go to a folder of this test's own, so what is left in it is this test's."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def _multipart(fields: dict[str, str], filename: str, content: bytes) -> bytes:
    """A form post with one file, its name written exactly as given (the test client would
    drop everything up to the last ``/``, and Django's upload object cuts a name to 255)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _upload(cast: Cast, client: Client, filename: str, **headers: str) -> tuple[Answer, Any]:
    """Bob attaches a file of that name to E1 through the indicator page: E1 and the response."""
    answer = cast.answer("E1")
    client.force_login(cast.bob)
    response = client.post(
        reverse("assessments:answer", args=[answer.pk]),
        _multipart({"base_version": str(answer.version), "value": "2"}, filename, PDF),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **headers,
    )
    return answer, response


@pytest.mark.parametrize(("sent", "kept"), NAMES.values(), ids=NAMES.keys())
def test_an_evidence_file_keeps_its_name_and_fits_its_column(
    cast: Cast, client: Client, media: Path, sent: str, kept: str
) -> None:
    answer, response = _upload(cast, client, sent, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.file_name == kept
    assert len(answer.file.name) <= EVIDENCE_PATH_MAX_LENGTH
    assert answer.file.name.startswith(f"evidence/{cast.round.pk}/")
    assert answer.file.name.endswith(".pdf")
    stored = Path(answer.file.path).resolve()
    assert len(stored.name.encode()) <= STORED_NAME_MAX_BYTES
    assert stored.is_relative_to(media.resolve())
    assert stored.read_bytes() == PDF
    assert [path.resolve() for path in _stored_files(media)] == [stored]


@pytest.mark.parametrize(("sent", "kept"), NAMES.values(), ids=NAMES.keys())
def test_the_full_name_is_shown_on_the_indicator_page_and_given_to_the_download(
    cast: Cast, client: Client, media: Path, sent: str, kept: str
) -> None:
    answer, _response = _upload(cast, client, sent)

    page = client.get(reverse("assessments:answer", args=[answer.pk])).content.decode()
    download = client.get(reverse("assessments:evidence_file", args=[answer.pk]))

    assert f">{kept}</a>" in page
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment; filename")


def test_a_name_too_long_for_a_form_part_is_a_bad_request_that_stores_nothing(
    cast: Cast, client: Client, media: Path
) -> None:
    answer, response = _upload(cast, client, "d" * 996 + ".pdf", HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert _stored_files(media) == []
    answer.refresh_from_db()
    assert answer.version == 0


def test_a_file_whose_save_fails_in_the_database_is_not_left_on_disk(
    cast: Cast, media: Path
) -> None:
    """Anything that fails inside the save's transaction: here the database refuses the history
    rows, after the file is stored and the answer's row written."""
    _refuse_history_rows()
    answer = cast.answer("E1")
    upload = SimpleUploadedFile("inventory.pdf", PDF)

    with pytest.raises(DatabaseError):
        save_answer(
            answer=answer,
            user=cast.bob,
            base_version=0,
            content=AnswerContent(value="2", file=upload),
        )

    assert _stored_files(media) == []
    answer.refresh_from_db()
    assert (answer.version, answer.file.name, answer.file_name) == (0, "", "")
    assert not AnswerRevision.objects.exists()


def test_a_failed_save_leaves_the_file_of_the_previous_save_alone(cast: Cast, media: Path) -> None:
    answer = cast.answer("E1")
    first = save_answer(
        answer=answer,
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2", file=SimpleUploadedFile("first.pdf", PDF)),
    ).answer
    _refuse_history_rows()

    with pytest.raises(DatabaseError):
        save_answer(
            answer=answer,
            user=cast.bob,
            base_version=1,
            content=AnswerContent(value="3", file=SimpleUploadedFile("second.pdf", PDF)),
        )

    assert [path.resolve() for path in _stored_files(media)] == [Path(first.file.path).resolve()]


def test_a_file_name_given_apart_from_a_shortened_upload_is_kept_in_full(
    cast: Cast, media: Path
) -> None:
    full = "報告" * 600 + ".pdf"
    upload = SimpleUploadedFile(full, PDF)  # Django cuts the upload's own name to 255

    outcome = save_answer(
        answer=cast.answer("E1"),
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2", file=upload, file_name=full),
    )

    assert len(upload.name or "") == 255
    assert outcome.answer.file_name == full[:996] + ".pdf"
    assert len(outcome.answer.file_name) == 1000


def test_a_name_given_with_another_extension_than_the_file_is_not_used(
    cast: Cast, media: Path
) -> None:
    outcome = save_answer(
        answer=cast.answer("E1"),
        user=cast.bob,
        base_version=0,
        content=AnswerContent(
            value="2", file=SimpleUploadedFile("plan.pdf", PDF), file_name="plan.exe"
        ),
    )

    assert outcome.answer.file_name == "plan.pdf"


def test_uploading_a_corrected_file_under_the_same_name_replaces_the_stored_one(
    cast: Cast, media: Path
) -> None:
    answer = cast.answer("E1")
    save_answer(
        answer=answer,
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2", file=SimpleUploadedFile("plan.pdf", PDF)),
    )

    again = save_answer(
        answer=answer,
        user=cast.bob,
        base_version=1,
        content=AnswerContent(value="2", file=SimpleUploadedFile("plan.pdf", PDF + b" v2")),
    )

    assert (again.saved, again.changed, again.answer.version) == (True, ("file",), 2)
    with again.answer.file.open("rb") as stored:
        assert stored.read() == PDF + b" v2"


def _refuse_history_rows() -> None:
    """A trigger that makes the database refuse every new history row (for this test's
    transaction only: it is rolled back with the rest)."""
    table = AnswerRevision._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_history BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_row()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refuse_history BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
            )


# -- shortening a name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "chars", "size", "expected"),
    [
        ("report.pdf", 100, 100, "report.pdf"),
        ("a" * 300 + ".pdf", 100, None, "a" * 96 + ".pdf"),
        ("報告書" * 50 + ".docx", 100, 40, "報告書" * 3 + "報告.docx"),
        ("dir/sub\\name.txt", 100, None, "name.txt"),
        ("x" * 50 + "." + "y" * 40, 30, None, "x" * 30),
        ("no extension at all", 5, None, "no ex"),
    ],
)
def test_a_long_name_is_shortened_keeping_its_extension(
    name: str, chars: int, size: int | None, expected: str
) -> None:
    assert shortened_file_name(name, max_chars=chars, max_bytes=size) == expected


@given(
    name=st.text(min_size=1, max_size=400).filter(lambda text: "\x00" not in text),
    extension=st.sampled_from([".pdf", ".xlsx", ".jpeg", ""]),
    chars=st.integers(min_value=20, max_value=300),
    size=st.integers(min_value=20, max_value=300),
)
def test_a_shortened_name_fits_both_limits_and_ends_as_the_name_did(
    name: str, extension: str, chars: int, size: int
) -> None:
    full = name.replace("/", "_").replace("\\", "_") + extension

    short = shortened_file_name(full, max_chars=chars, max_bytes=size)

    assert len(short) <= chars
    assert len(short.encode()) <= size
    if len(full) <= chars and len(full.encode()) <= size:
        assert short == full
    if extension:
        assert short.endswith(extension)
