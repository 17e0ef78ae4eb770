"""Conflicts stay few and honest: one open conflict per person and answer, however often a stale
page saves, and "use the version not saved" never overwrites a save made after the comparison."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from stocktake_web.accounts.domain import grant_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.domain import AnswerContent, resolve_conflict, save_answer
from stocktake_web.assessments.models import Answer, AnswerRevision, Conflict

from .conftest import PASSWORD, Cast

STALE_SAVES = 400


def _ben(cast: Cast) -> User:
    """A second respondent of the environment department."""
    ben = User.objects.create_user(username="ben", password=PASSWORD)
    grant_role(user=ben, kind=Role.Kind.RESPONDENT, department=cast.environment)
    return ben


def _moved_on(cast: Cast) -> Answer:
    """E1 saved once by Bob's colleague Ben, so that Bob's page (still at version 0) is stale."""
    answer = cast.answer("E1")
    save_answer(answer=answer, user=_ben(cast), base_version=0, content=AnswerContent(value="1"))
    return answer


def _stale(cast: Cast, answer: Answer, user: User | None = None, **fields: object) -> Conflict:
    outcome = save_answer(
        answer=answer,
        user=user or cast.bob,
        base_version=0,
        content=AnswerContent(**fields),  # type: ignore[arg-type]
    )
    assert outcome.conflict is not None
    return outcome.conflict


def _indicator_page(client: Client, answer: Answer) -> str:
    return client.get(reverse("assessments:answer", args=[answer.pk])).content.decode()


def test_a_stale_page_saving_again_and_again_leaves_one_open_conflict_and_a_small_page(
    cast: Cast, client: Client
) -> None:
    answer = _moved_on(cast)
    client.force_login(cast.bob)
    _stale(cast, answer, value="2", evidence="Stale edit 1000")
    after_one = _indicator_page(client, answer)

    for n in range(1001, 1000 + STALE_SAVES):
        _stale(cast, answer, value="2", evidence=f"Stale edit {n}")
    after_many = _indicator_page(client, answer)

    open_conflicts = Conflict.objects.filter(answer=answer, resolution="")
    assert [c.proposed["evidence"] for c in open_conflicts] == [f"Stale edit {999 + STALE_SAVES}"]
    assert len(after_many.encode()) < len(after_one.encode()) + 100  # times may differ
    assert after_many.count('id="conflict-') == 1


def test_replaced_proposals_stay_on_record_marked_superseded(cast: Cast) -> None:
    answer = _moved_on(cast)
    first = _stale(cast, answer, value="2", evidence="First try")
    second = _stale(cast, answer, value="3", evidence="Second try")

    first.refresh_from_db()
    assert (first.resolution, first.resolved_by) == ("superseded", cast.bob)
    assert first.proposed["evidence"] == "First try"
    assert second.is_open
    assert Conflict.objects.filter(answer=answer).count() == 2


def test_the_same_stale_save_again_is_the_same_conflict(cast: Cast) -> None:
    answer = _moved_on(cast)

    conflicts = {_stale(cast, answer, value="2", evidence="Same").pk for _n in range(5)}

    assert len(conflicts) == 1
    assert Conflict.objects.filter(answer=answer).count() == 1


def test_each_person_keeps_an_open_conflict_of_their_own(cast: Cast) -> None:
    answer = _moved_on(cast)
    dana = User.objects.create_user(username="dana", password=PASSWORD)
    grant_role(user=dana, kind=Role.Kind.RESPONDENT, department=cast.environment)

    _stale(cast, answer, value="2")
    _stale(cast, answer, dana, value="3")
    _stale(cast, answer, value="4")

    open_conflicts = Conflict.objects.filter(answer=answer, resolution="")
    assert sorted((c.raised_by.username, c.proposed["value"]) for c in open_conflicts) == [
        ("bob", "4"),
        ("dana", "3"),
    ]


def test_keeping_mine_over_an_answer_saved_since_raises_a_new_conflict_instead(
    cast: Cast,
) -> None:
    answer = _moved_on(cast)
    conflict = _stale(cast, answer, value="2", evidence="Bob's")
    ben = User.objects.get(username="ben")
    save_answer(answer=answer, user=ben, base_version=1, content=AnswerContent(value="4"))

    outcome = resolve_conflict(conflict=conflict, by=cast.bob, keep="mine")

    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("4", 2)
    assert not outcome.saved and outcome.conflict is not None
    assert (outcome.conflict.stored["value"], outcome.conflict.proposed["value"]) == ("4", "2")
    assert outcome.conflict.stored_version == 2
    conflict.refresh_from_db()
    assert conflict.resolution == "superseded"
    assert Conflict.objects.filter(answer=answer, resolution="").get() == outcome.conflict
    assert not AnswerRevision.objects.filter(answer=answer, version=3).exists()


def test_a_colleague_keeping_a_conflict_over_a_newer_save_also_gets_a_new_conflict(
    cast: Cast,
) -> None:
    answer = _moved_on(cast)
    conflict = _stale(cast, answer, value="2")
    ben = User.objects.get(username="ben")
    save_answer(answer=answer, user=ben, base_version=1, content=AnswerContent(value="4"))

    outcome = resolve_conflict(conflict=conflict, by=ben, keep="mine")

    assert outcome.conflict is not None and outcome.conflict.raised_by == ben
    conflict.refresh_from_db()
    assert (conflict.resolution, conflict.resolved_by) == ("superseded", ben)
    answer.refresh_from_db()
    assert answer.value == "4"


def test_keeping_mine_over_the_version_it_was_compared_with_saves_it(cast: Cast) -> None:
    answer = _moved_on(cast)
    conflict = _stale(cast, answer, value="2")

    outcome = resolve_conflict(conflict=conflict, by=cast.bob, keep="mine")

    assert outcome.saved and outcome.conflict is None
    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("2", 2)
    assert conflict.resolution == "mine"


def test_keeping_theirs_after_a_newer_save_just_settles_the_conflict(cast: Cast) -> None:
    answer = _moved_on(cast)
    conflict = _stale(cast, answer, value="2")
    ben = User.objects.get(username="ben")
    save_answer(answer=answer, user=ben, base_version=1, content=AnswerContent(value="4"))

    outcome = resolve_conflict(conflict=conflict, by=cast.bob, keep="theirs")

    assert outcome.saved and conflict.resolution == "theirs"
    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("4", 2)


def test_the_page_says_why_the_versions_are_to_be_compared_again(
    cast: Cast, client: Client
) -> None:
    answer = _moved_on(cast)
    conflict = _stale(cast, answer, value="2")
    ben = User.objects.get(username="ben")
    save_answer(answer=answer, user=ben, base_version=1, content=AnswerContent(value="4"))
    client.force_login(cast.bob)

    page = client.post(
        reverse("assessments:resolve", args=[conflict.pk]), {"keep": "mine"}, follow=True
    ).content.decode()

    assert "The answer was saved again after these versions were compared" in page
    assert page.count('id="conflict-') == 1
    assert "4 · Leading" in page and "2 · Planned" in page
