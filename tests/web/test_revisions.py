"""Revision requests and comment threads on answers (``stocktake_web.reviews``).

The coordinator (Alice) asks Harbour City's environment department (Bob) to revise one answer;
the request reopens that answer, and only it, until she settles it. Bob and Alice talk in the
answer's thread, which the secretariat (Sam) reads; Bea (planning), Vera (viewer), Charlie and
Dora (Hillside) and Olga (another network) see none of it.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stocktake_web.assessments.domain import (
    AnswerContent,
    WorkflowError,
    reconcile,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.domain.lookups import answer_with_round
from stocktake_web.assessments.models import Answer
from stocktake_web.audit.models import AuditEvent
from stocktake_web.reviews.domain.comments import post_comment
from stocktake_web.reviews.domain.errors import ReviewError
from stocktake_web.reviews.domain.requests import request_revision, settle_revision
from stocktake_web.reviews.models import MESSAGE_MAX_LENGTH, Comment, RevisionRequest

from .conftest import Cast
from .test_concurrency import _one_wins, _together

ASK = "Please attach the 2025 inventory: the figure looks like 2023's."


def _save(cast: Cast, answer: Answer, value: str, **fields: object) -> Answer:
    answer.refresh_from_db()
    outcome = save_answer(
        answer=answer,
        user=cast.bob if answer.assignment.department == cast.environment else cast.bea,
        base_version=answer.version,
        content=AnswerContent(value=value, **fields),  # type: ignore[arg-type]
    )
    assert outcome.saved
    return outcome.answer


def _ask(client: Client, answer: Answer, message: str = ASK) -> str:
    response = client.post(
        reverse("reviews:request_revision", args=[answer.pk]), {"message": message}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:answer", args=[answer.pk]) + "#revision"
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def _post_answer(client: Client, answer: Answer, value: str) -> int:
    answer.refresh_from_db()
    response = client.post(
        reverse("assessments:answer", args=[answer.pk]),
        {"base_version": str(answer.version), "value": value},
        headers={"HX-Request": "true"},
    )
    return response.status_code


def _page(client: Client, answer: Answer) -> str:
    response = client.get(reverse("assessments:answer", args=[answer.pk]))
    assert response.status_code == 200
    return response.content.decode()


# -- requesting, the banner, settling -------------------------------------------------------------


def test_the_coordinator_asks_and_the_respondent_sees_the_banner(
    cast: Cast, client: Client
) -> None:
    answer = _save(cast, cast.answer("E1"), "2")
    client.force_login(cast.alice)

    said = _ask(client, answer)

    request = RevisionRequest.objects.get()
    assert said == "The department is asked to revise this answer."
    assert (request.answer, request.requested_by, request.message) == (answer, cast.alice, ASK)
    assert request.state == RevisionRequest.State.OPEN and request.answer_version == 1
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVISION_REQUESTED)
    assert event.details["round_id"] == cast.round.pk
    assert (event.details["indicator"], event.details["department"]) == ("E1", "environment")
    assert event.actor == cast.alice
    client.force_login(cast.bob)
    page = _page(client, answer)
    assert "Revision requested" in page and "the figure looks like 2023&#x27;s." in page
    assert "Waiting for a revision" in page
    assert reverse("reviews:settle", args=[request.pk]) not in page  # the coordinator settles


def test_a_submitted_department_revises_the_requested_answer_and_no_other(
    cast: Cast, client: Client
) -> None:
    requested = _save(cast, cast.answer("E1"), "2")
    other = _save(cast, cast.answer("E2"), "draft")
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    request_revision(answer=requested, by=cast.alice, message=ASK)
    client.force_login(cast.bob)

    assert _post_answer(client, requested, "3") == 200
    assert _post_answer(client, other, "adopted") == 409

    requested.refresh_from_db()
    other.refresh_from_db()
    assert (requested.value, other.value) == ("3", "draft")
    assert "data-autosave" in _page(client, requested)
    assert "data-autosave" not in _page(client, other)


def test_a_save_marks_the_request_revised_and_settles_nothing(cast: Cast, client: Client) -> None:
    answer = _save(cast, cast.answer("E1"), "2")
    request = request_revision(answer=answer, by=cast.alice, message=ASK)

    _save(cast, answer, "3", evidence="2025 inventory, table 4")

    request.refresh_from_db()
    assert request.is_open and request.is_revised
    client.force_login(cast.alice)
    page = _page(client, answer)
    assert "Revised" in page and "Accept the revision and settle" in page


def test_settling_closes_the_answer_again_and_is_recorded(cast: Cast, client: Client) -> None:
    answer = _save(cast, cast.answer("E1"), "2")
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    request = request_revision(answer=answer, by=cast.alice, message=ASK)
    _save(cast, answer, "3")
    client.force_login(cast.alice)

    response = client.post(reverse("reviews:settle", args=[request.pk]))

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RevisionRequest.State.SETTLED
    assert (request.settled_by, request.settled_at is not None) == (cast.alice, True)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVISION_SETTLED)
    assert event.details["round_id"] == cast.round.pk
    assert event.details["request_id"] == str(request.pk)
    client.force_login(cast.bob)
    assert _post_answer(client, answer, "4") == 409
    page = _page(client, answer)
    assert "Waiting for a revision" not in page and "One earlier revision request" in page


def test_a_second_settle_is_refused_with_a_sentence(cast: Cast, client: Client) -> None:
    request = request_revision(answer=cast.answer("E1"), by=cast.alice, message=ASK)
    client.force_login(cast.alice)
    url = reverse("reviews:settle", args=[request.pk])

    first, second = client.post(url), client.post(url)

    assert (first.status_code, second.status_code) == (302, 302)
    said = [str(m) for m in get_messages(second.wsgi_request)]
    assert said[-1] == "This revision request is already settled."
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVISION_SETTLED).count() == 1


def test_a_closed_round_reopens_only_the_requested_answer(cast: Cast, client: Client) -> None:
    requested = _save(cast, cast.answer("E1"), "2")
    other = _save(cast, cast.answer("E2"), "draft")
    start_reconciliation(round=cast.round)
    request_revision(answer=requested, by=cast.alice, message=ASK)
    client.force_login(cast.bob)

    assert _post_answer(client, requested, "1") == 200
    assert _post_answer(client, other, "none") == 409


def test_a_signed_off_round_takes_no_request_and_no_comment(cast: Cast, client: Client) -> None:
    answer = _save(cast, cast.answer("E1"), "2")
    open_request = request_revision(answer=answer, by=cast.alice, message=ASK)
    settle_revision(request=open_request, by=cast.alice)
    start_reconciliation(round=cast.round)
    sign_off(round=cast.round, by=cast.alice)
    client.force_login(cast.alice)

    said = _ask(client, answer)
    response = client.post(reverse("reviews:comment", args=[answer.pk]), {"text": "Late"})

    assert said == ("This round is signed off; withdraw the sign-off before asking for revisions.")
    assert RevisionRequest.objects.count() == 1 and not Comment.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "This round is signed off; its comments can be read, not added."
    )
    page = _page(client, answer)
    assert "Ask the department to revise this answer" not in page
    assert 'name="text"' not in page


def test_an_open_request_on_a_signed_off_round_opens_nothing(cast: Cast) -> None:
    """A request left open at sign-off does not reopen the frozen answer."""
    answer = _save(cast, cast.answer("E1"), "2")
    request_revision(answer=answer, by=cast.alice, message=ASK)
    start_reconciliation(round=cast.round)
    sign_off(round=cast.round, by=cast.alice)

    with pytest.raises(WorkflowError, match="no longer open"):
        _save(cast, answer, "3")


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("", "Say what should be revised: the message is empty."),
        ("   \n\t ", "Say what should be revised: the message is empty."),
        (
            "x" * (MESSAGE_MAX_LENGTH + 1),
            "The message is too long: at most 2000 characters (it has 2001).",
        ),
    ],
    ids=["empty", "blank", "too long"],
)
def test_an_empty_or_too_long_message_is_refused(
    cast: Cast, client: Client, message: str, said: str
) -> None:
    client.force_login(cast.alice)

    assert _ask(client, cast.answer("E1"), message) == said
    assert not RevisionRequest.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.REVISION_REQUESTED).exists()


def test_a_message_of_exactly_the_limit_is_kept_whole(cast: Cast) -> None:
    text = "é" * MESSAGE_MAX_LENGTH

    request = request_revision(answer=cast.answer("E1"), by=cast.alice, message=f"  {text}\n")

    request.refresh_from_db()
    assert request.message == text


def test_a_double_post_keeps_one_open_request(cast: Cast, client: Client) -> None:
    answer = cast.answer("E1")
    client.force_login(cast.alice)

    _ask(client, answer)
    said = _ask(client, answer, "Again")

    assert said == ("A revision of this answer is already requested; settle that request first.")
    assert RevisionRequest.objects.get().message == ASK
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVISION_REQUESTED).count() == 1


def test_after_settling_a_new_request_may_be_made(cast: Cast) -> None:
    answer = cast.answer("E1")
    settle_revision(
        request=request_revision(answer=answer, by=cast.alice, message=ASK), by=cast.alice
    )

    again = request_revision(answer=answer, by=cast.alice, message="One more thing")

    assert again.is_open and RevisionRequest.objects.count() == 2


def test_the_department_page_lists_its_open_requests(cast: Cast, client: Client) -> None:
    answer = cast.answer("E1")
    request_revision(answer=answer, by=cast.alice, message=ASK)
    request_revision(answer=cast.answer("G1", cast.planning), by=cast.alice, message="Planning's")
    client.force_login(cast.bob)

    page = client.get(
        reverse("assessments:department", args=[cast.round.pk, "environment"])
    ).content.decode()

    assert "The coordinator asks for one revision" in page
    assert reverse("assessments:answer", args=[answer.pk]) + "#revision" in page
    assert "Planning&#x27;s" not in page


# -- who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [("bob", 403), ("sam", 403), ("bea", 404), ("vera", 404), ("charlie", 404), ("dora", 404)],
)
def test_only_the_coordinator_requests_and_settles(
    cast: Cast, client: Client, person: str, status: int
) -> None:
    answer = cast.answer("E1")
    request = request_revision(answer=answer, by=cast.alice, message=ASK)
    client.force_login(getattr(cast, person))

    asked = client.post(reverse("reviews:request_revision", args=[answer.pk]), {"message": "Mine"})
    settled = client.post(reverse("reviews:settle", args=[request.pk]))

    assert (asked.status_code, settled.status_code) == (status, status)
    request.refresh_from_db()
    assert request.is_open and RevisionRequest.objects.count() == 1


def test_another_citys_coordinator_cannot_touch_harbours_answers(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.charlie)

    response = client.post(
        reverse("reviews:request_revision", args=[cast.answer("E1").pk]), {"message": ASK}
    )

    assert response.status_code == 404
    assert not RevisionRequest.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/answers/99999999999999999999999/comments/",
        "/answers/9223372036854775808/revision-requests/",
        "/revision-requests/99999999999999999999999/settle/",
        "/answers/-1/comments/",
        "/answers/abc/comments/",
    ],
)
def test_addresses_that_hold_nothing_are_not_found(cast: Cast, client: Client, path: str) -> None:
    client.force_login(cast.alice)

    assert client.post(path, {"text": "x", "message": "x"}).status_code == 404


def test_a_get_is_not_an_action(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("reviews:request_revision", args=[cast.answer("E1").pk]))

    assert response.status_code == 405
    assert not RevisionRequest.objects.exists()


# -- the comment thread ---------------------------------------------------------------------------


def test_the_coordinator_and_the_respondent_talk_in_the_thread(cast: Cast, client: Client) -> None:
    answer = cast.answer("E1")
    for person, text in ((cast.alice, "Which year is this?"), (cast.bob, "2025, table 4.")):
        client.force_login(person)
        response = client.post(reverse("reviews:comment", args=[answer.pk]), {"text": text})
        assert response.status_code == 302
        assert response["Location"].endswith("#comments")

    client.force_login(cast.sam)
    page = _page(client, answer)

    assert [c.text for c in Comment.objects.all()] == ["Which year is this?", "2025, table 4."]
    assert page.index("Which year is this?") < page.index("2025, table 4.")
    assert ">alice<" in page and ">bob<" in page
    assert 'name="text"' not in page  # the secretariat reads only


def test_a_comment_is_plain_text(cast: Cast, client: Client) -> None:
    answer = cast.answer("E1")
    client.force_login(cast.bob)

    client.post(
        reverse("reviews:comment", args=[answer.pk]),
        {"text": '<script>alert("x")</script>\n<b>bold</b>'},
    )
    page = _page(client, answer)

    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;b&gt;bold&lt;/b&gt;" in page


def test_comment_times_are_in_the_networks_time_zone(cast: Cast, client: Client) -> None:
    cast.network.time_zone = "Asia/Taipei"
    cast.network.save(update_fields=["time_zone"])
    answer = cast.answer("E1")
    Comment.objects.create(
        answer=answer,
        author=cast.alice,
        text="Noon in Greenwich",
        created_at=datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC),
    )
    client.force_login(cast.bob)

    page = _page(client, answer)

    assert 'datetime="2026-05-01T20:00:00+08:00"' in page


def test_an_empty_or_too_long_comment_is_refused(cast: Cast) -> None:
    answer = cast.answer("E1")

    with pytest.raises(ReviewError, match="the comment is empty"):
        post_comment(answer=answer, by=cast.bob, text=" \n ")
    with pytest.raises(ReviewError, match="at most 2000 characters"):
        post_comment(answer=answer, by=cast.bob, text="x" * (MESSAGE_MAX_LENGTH + 1))
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("person", "status"),
    [("sam", 403), ("bea", 404), ("vera", 404), ("charlie", 404), ("dora", 404), ("olga", 404)],
)
def test_only_the_coordinator_and_the_department_post(
    cast: Cast, client: Client, person: str, status: int
) -> None:
    client.force_login(getattr(cast, person))

    response = client.post(
        reverse("reviews:comment", args=[cast.answer("E1").pk]), {"text": "Hello"}
    )

    assert response.status_code == status
    assert not Comment.objects.exists()


def test_a_respondent_of_another_department_reads_no_thread(cast: Cast, client: Client) -> None:
    answer = cast.answer("E1")
    post_comment(answer=answer, by=cast.alice, text="Private to environment")
    client.force_login(cast.bea)

    response = client.get(reverse("assessments:answer", args=[answer.pk]))

    assert response.status_code in (403, 404)
    assert b"Private to environment" not in response.content


# -- disagreements link to the answers and their evidence -----------------------------------------


def test_disagreements_link_to_each_answer_and_its_evidence(cast: Cast, client: Client) -> None:
    planning = _save(
        cast,
        cast.answer("G1", cast.planning),
        "0",
        evidence="No office",
        link="https://example.org/p",
    )
    environment = cast.answer("G1")
    environment.refresh_from_db()
    save_answer(
        answer=environment,
        user=cast.bob,
        base_version=0,
        content=AnswerContent(
            value="4", file=SimpleUploadedFile("office-charter.pdf", b"%PDF-1.4 charter")
        ),
    )
    client.force_login(cast.alice)

    page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()

    assert reverse("assessments:answer", args=[planning.pk]) in page
    assert reverse("assessments:answer", args=[environment.pk]) in page
    assert "No office" in page and 'href="https://example.org/p"' in page
    assert reverse("assessments:evidence_file", args=[environment.pk]) in page
    assert "office-charter.pdf" in page
    download = client.get(reverse("assessments:evidence_file", args=[environment.pk]))
    assert download.status_code == 200
    download.close()


def test_a_viewer_sees_the_disagreement_without_links_to_answers_it_may_not_open(
    cast: Cast, client: Client
) -> None:
    _save(cast, cast.answer("G1", cast.planning), "0")
    environment = cast.answer("G1")
    save_answer(
        answer=environment,
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="4", file=SimpleUploadedFile("charter.pdf", b"%PDF-1.4")),
    )
    client.force_login(cast.vera)

    page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()

    assert "charter.pdf" in page
    assert reverse("assessments:evidence_file", args=[environment.pk]) not in page
    assert reverse("assessments:answer", args=[environment.pk]) not in page
    assert (
        client.get(reverse("assessments:evidence_file", args=[environment.pk])).status_code == 403
    )


def test_a_reconciled_round_still_takes_requests_until_sign_off(cast: Cast) -> None:
    _save(cast, cast.answer("G1", cast.planning), "0")
    answer = _save(cast, cast.answer("G1"), "4")
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)

    request = request_revision(answer=answer, by=cast.alice, message=ASK)

    assert request.is_open and request.created_at <= timezone.now()


# -- at once (PostgreSQL) ------------------------------------------------------------------------


def _fresh(answer: Answer) -> Answer:
    """The answer read afresh, as each request reads it."""
    found = answer_with_round(answer.pk)
    assert found is not None
    return found


@pytest.mark.postgres
def test_ten_simultaneous_requests_open_one(transactional_db: None, cast: Cast) -> None:
    answer = cast.answer("E1")

    results = _together(
        lambda n: request_revision(answer=_fresh(answer), by=cast.alice, message=f"Ask {n}")
    )

    _one_wins(results, "A revision of this answer is already requested; settle that request first.")
    assert RevisionRequest.objects.filter(state=RevisionRequest.State.OPEN).count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVISION_REQUESTED).count() == 1


@pytest.mark.postgres
def test_ten_simultaneous_settlings_settle_once(transactional_db: None, cast: Cast) -> None:
    request = request_revision(answer=cast.answer("E1"), by=cast.alice, message=ASK)

    results = _together(
        lambda n: settle_revision(
            request=RevisionRequest.objects.select_related("answer__assignment__round__city").get(
                pk=request.pk
            ),
            by=cast.alice,
        )
    )

    _one_wins(results, "This revision request is already settled.")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVISION_SETTLED).count() == 1


@pytest.mark.postgres
def test_comments_posted_at_once_are_all_kept_in_order(transactional_db: None, cast: Cast) -> None:
    answer = cast.answer("E1")

    results = _together(lambda n: post_comment(answer=_fresh(answer), by=cast.bob, text=f"#{n}"))

    assert not [result for result in results if isinstance(result, WorkflowError)]
    kept = list(Comment.objects.filter(answer=answer))
    assert sorted(comment.text for comment in kept) == sorted(f"#{n}" for n in range(10))
    assert [c.created_at for c in kept] == sorted(c.created_at for c in kept)


def test_the_round_page_lists_the_requests_the_coordinator_has_not_settled(
    cast: Cast, client: Client
) -> None:
    revised = _save(cast, cast.answer("E1"), "2")
    request_revision(answer=revised, by=cast.alice, message=ASK)
    _save(cast, revised, "3")
    waiting = cast.answer("G1", cast.planning)
    request_revision(answer=waiting, by=cast.alice, message="Planning's")
    settled = request_revision(answer=cast.answer("E2"), by=cast.alice, message="Old")
    settle_revision(request=settled, by=cast.alice)
    client.force_login(cast.alice)

    page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()

    section = page[page.index('id="revision-requests"') : page.index('id="disagreements"')]
    assert reverse("assessments:answer", args=[revised.pk]) + "#revision" in section
    assert reverse("assessments:answer", args=[waiting.pk]) + "#revision" in section
    assert reverse("assessments:answer", args=[settled.answer.pk]) not in section
    assert section.index("Environment") < section.index("Planning")
    assert "Revised" in section and "Waiting for a revision" in section


def _queries_of(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as run:
        assert client.get(url).status_code == 200
    return len(run.captured_queries)


def test_a_long_thread_costs_no_more_queries_than_a_short_one(cast: Cast, client: Client) -> None:
    answer = cast.answer("E1")
    post_comment(answer=answer, by=cast.bob, text="first")
    request_revision(answer=answer, by=cast.alice, message=ASK)
    client.force_login(cast.alice)
    url = reverse("assessments:answer", args=[answer.pk])
    _queries_of(client, url)  # the first page also reads what the process keeps afterwards
    short = _queries_of(client, url)

    for n in range(20):
        post_comment(answer=answer, by=cast.alice if n % 2 else cast.bob, text=f"#{n}")
    settle_revision(request=RevisionRequest.objects.get(), by=cast.alice)
    request_revision(answer=answer, by=cast.alice, message="Again")

    assert _queries_of(client, url) == short


def test_the_audit_log_says_which_indicator_was_asked_and_the_message_is_kept(
    cast: Cast, client: Client
) -> None:
    request = request_revision(answer=cast.answer("E1"), by=cast.alice, message=ASK)
    settle_revision(request=request, by=cast.alice)
    client.force_login(cast.sam)

    page = client.get(reverse("audit:log", args=["east"])).content.decode()

    assert page.count("Harbour City, round “2025”, indicator E1") == 2
    assert "Revision requested" in page and "Revision request settled" in page
    asked = AuditEvent.objects.get(kind=AuditEvent.Kind.REVISION_REQUESTED)
    assert asked.details["message"] == ASK


def test_the_departments_respondents_are_told_by_e_mail(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """Runs once the notifications app sends e-mail (its ``send`` module); skipped before."""
    pytest.importorskip("stocktake_web.notifications.domain.send")
    for person, address in ((cast.bob, "bob@example.org"), (cast.bea, "bea@example.org")):
        person.email = address
        person.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        request_revision(answer=cast.answer("E1"), by=cast.alice, message=ASK)

    recipients = {address for message in mail.outbox for address in message.to}
    assert "bob@example.org" in recipients
    assert "bea@example.org" not in recipients


def test_closing_and_signing_off_list_the_revision_requests_not_settled(
    cast: Cast, client: Client
) -> None:
    """The coordinator confirms knowing which answers were sent back and not settled."""
    from stocktake_web.reviews.domain.requests import request_revision

    answer = cast.answer("E1")
    request_revision(answer=answer, by=cast.alice, message="Please add the 2024 figures.")
    client.force_login(cast.alice)
    page = client.post(reverse("assessments:close", args=[cast.round.pk])).content.decode()
    assert "Revision requests not settled" in page
    assert reverse("assessments:answer", args=[answer.pk]) in page
    cast.round.refresh_from_db()
    assert cast.round.state == cast.round.State.OPEN  # shown, not yet confirmed
