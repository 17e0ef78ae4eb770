"""The assessment workflow end to end in the domain layer.

Open a round, route indicators, answer (with a concurrent edit), submit, reconcile, sign off.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stocktake_web.accounts.domain import grant_role
from stocktake_web.accounts.models import Role
from stocktake_web.assessments.domain import (
    AnswerContent,
    DepartmentSubmittedError,
    InvalidAnswerError,
    RoundStateError,
    UnreconciledError,
    WorkflowError,
    assign_indicators,
    compute_results,
    consolidate_round,
    core_answers,
    open_round,
    reconcile,
    reopen_department,
    resolve_conflict,
    results,
    save_answer,
    sign_off,
    start_reconciliation,
    submit_department,
    unassign_indicators,
)
from stocktake_web.assessments.models import Answer, AnswerRevision, Assignment, Conflict, Round

from .conftest import PASSWORD, Cast


def _zip(members: dict[str, bytes]) -> bytes:
    """A ZIP archive holding ``members``: how docx, xlsx and odt files are made."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _save(cast: Cast, indicator: str, value: str, **fields: object) -> Answer:
    department = fields.pop("department", cast.environment)
    user = cast.bob if department == cast.environment else cast.bea
    answer = cast.answer(indicator, department)  # type: ignore[arg-type]
    outcome = save_answer(
        answer=answer,
        user=user,
        base_version=answer.version,
        content=AnswerContent(value=value, **fields),  # type: ignore[arg-type]
    )
    assert outcome.saved
    return outcome.answer


def test_assignment_starts_from_the_framework_suggestions(cast: Cast) -> None:
    pairs = set(cast.round.assignments.values_list("indicator", "department__slug"))

    assert pairs == {
        ("G1", "planning"),
        ("G1", "environment"),
        ("G2", "planning"),
        ("E1", "environment"),
        ("E2", "environment"),
    }


def test_every_assignment_gets_a_blank_unsaved_answer(cast: Cast) -> None:
    answers = Answer.objects.filter(assignment__round=cast.round)

    assert answers.count() == 5
    assert {(a.value, a.version) for a in answers} == {("", 0)}


def test_assigning_again_adds_only_the_new_pairs(cast: Cast) -> None:
    created = assign_indicators(
        round=cast.round,
        by=cast.alice,
        pairs=[("E3", cast.environment), ("E1", cast.environment)],
    )

    assert [(a.indicator, a.department) for a in created] == [("E3", cast.environment)]
    assert Answer.objects.filter(assignment__round=cast.round).count() == 6


def test_indicators_go_only_to_the_rounds_own_city(cast: Cast) -> None:
    with pytest.raises(WorkflowError, match="departments of the round's city"):
        assign_indicators(round=cast.round, by=cast.alice, pairs=[("E3", cast.hill_environment)])


def test_unknown_indicators_are_refused(cast: Cast) -> None:
    with pytest.raises(WorkflowError, match="not in the round's framework: X9"):
        assign_indicators(round=cast.round, by=cast.alice, pairs=[("X9", cast.environment)])


def test_unassigning_keeps_answered_indicators(cast: Cast) -> None:
    _save(cast, "E1", "2")

    removed = unassign_indicators(
        round=cast.round, pairs=[("E1", cast.environment), ("E2", cast.environment)]
    )

    assert removed == 1
    assert set(cast.round.assignments.values_list("indicator", flat=True)) == {"G1", "G2", "E1"}


def test_a_save_bumps_the_version_and_records_each_changed_field(cast: Cast) -> None:
    answer = _save(cast, "E1", "2", evidence="Inventory 2023", confidence="medium", importance=4)

    revisions = AnswerRevision.objects.filter(answer=answer).order_by("field")
    assert answer.version == 1
    assert [(r.field, r.old, r.new, r.changed_by) for r in revisions] == [
        ("confidence", "", "medium", cast.bob),
        ("evidence", "", "Inventory 2023", cast.bob),
        ("importance", "", "4", cast.bob),
        ("value", "", "2", cast.bob),
    ]


def test_support_requests_are_rows_and_their_changes_history(cast: Cast) -> None:
    _save(cast, "E1", "2", support=frozenset({"training", "finance"}))
    answer = _save(cast, "E1", "2", support=frozenset({"finance"}))

    assert list(answer.support.values_list("kind", flat=True)) == ["finance"]
    last = AnswerRevision.objects.get(answer=answer, version=2)
    assert (last.field, last.old, last.new) == ("support", "finance; training", "finance")


def test_saving_unchanged_content_changes_nothing(cast: Cast) -> None:
    _save(cast, "E1", "2")
    answer = _save(cast, "E1", "2")

    assert answer.version == 1
    assert AnswerRevision.objects.filter(answer=answer).count() == 1


def test_two_editors_of_one_answer_never_overwrite_each_other(cast: Cast) -> None:
    ben = cast.bob.__class__.objects.create_user(username="ben", password=PASSWORD)
    grant_role(user=ben, kind=Role.Kind.RESPONDENT, department=cast.environment)
    answer = cast.answer("E1")
    base = answer.version

    first = save_answer(
        answer=answer, user=cast.bob, base_version=base, content=AnswerContent(value="3")
    )
    second = save_answer(
        answer=answer, user=ben, base_version=base, content=AnswerContent(value="1")
    )

    assert first.saved and not second.saved
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.value, stored.version) == ("3", 1)
    conflict = Conflict.objects.get(answer=answer)
    assert (conflict.raised_by, conflict.base_version, conflict.stored_version) == (ben, 0, 1)
    assert (conflict.proposed["value"], conflict.stored["value"]) == ("1", "3")
    assert conflict.is_open


def test_keeping_the_refused_version_saves_it_on_top_with_history(cast: Cast) -> None:
    answer = cast.answer("E1")
    save_answer(answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="3"))
    refused = save_answer(
        answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )
    assert refused.conflict is not None

    outcome = resolve_conflict(conflict=refused.conflict, by=cast.bob, keep="mine")

    assert (outcome.answer.value, outcome.answer.version) == ("1", 2)
    history = AnswerRevision.objects.filter(answer=answer, field="value").order_by("version")
    assert [(r.version, r.old, r.new) for r in history] == [(1, "", "3"), (2, "3", "1")]
    refused.conflict.refresh_from_db()
    assert (refused.conflict.resolution, refused.conflict.resolved_by) == ("mine", cast.bob)


def test_keeping_the_stored_version_only_closes_the_conflict(cast: Cast) -> None:
    answer = cast.answer("E1")
    save_answer(answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="3"))
    refused = save_answer(
        answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )
    assert refused.conflict is not None

    outcome = resolve_conflict(conflict=refused.conflict, by=cast.bob, keep="theirs")

    assert (outcome.answer.value, outcome.answer.version) == ("3", 1)
    assert not Conflict.objects.filter(resolution="").exists()


def test_a_stale_edit_that_matches_the_stored_content_is_no_conflict(cast: Cast) -> None:
    answer = cast.answer("E1")
    save_answer(answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="3"))

    again = save_answer(
        answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="3")
    )

    assert again.saved and again.conflict is None
    assert not Conflict.objects.exists()


@pytest.mark.parametrize(
    ("indicator", "value"), [("E1", "7"), ("E1", "two"), ("E2", "final"), ("E3", "lots")]
)
def test_values_that_do_not_fit_the_indicator_are_refused(
    cast: Cast, indicator: str, value: str
) -> None:
    assign_indicators(round=cast.round, by=cast.alice, pairs=[("E3", cast.environment)])
    answer = cast.answer(indicator)

    with pytest.raises(InvalidAnswerError, match=r"does not fit this indicator|is not a number"):
        save_answer(
            answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value=value)
        )


def test_an_evidence_file_is_stored_with_its_size_and_type(cast: Cast) -> None:
    upload = SimpleUploadedFile("inventory.pdf", b"%PDF-1.7 test", content_type="text/html")

    answer = _save(cast, "E1", "2", file=upload)

    assert (answer.file_name, answer.file_size, answer.file_type) == (
        "inventory.pdf",
        13,
        "application/pdf",
    )
    assert answer.file.name.startswith(f"evidence/{cast.round.pk}/")
    with answer.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.7 test"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ", "cannot be attached"),
        ("report.pdf", b"<html>not a pdf", "does not look like a .pdf file"),
        ("notes.txt", b"\x00\x01binary", "does not look like a .txt file"),
        ("report.docx", _zip({"evil.exe": b"MZ\x90\x00"}), "does not look like a .docx file"),
        ("sheet.xlsx", _zip({"word/document.xml": b"<w/>"}), "does not look like a .xlsx file"),
        ("notes.odt", _zip({"mimetype": b"application/zip"}), "does not look like a .odt file"),
        ("report.docx", b"PK\x03\x04 cut short", "does not look like a .docx file"),
        ("README", b"plain words", "without an extension cannot be attached"),
    ],
)
def test_evidence_files_outside_the_limits_are_refused(
    cast: Cast, name: str, content: bytes, message: str
) -> None:
    answer = cast.answer("E1")

    with pytest.raises(InvalidAnswerError, match=message):
        save_answer(
            answer=answer,
            user=cast.bob,
            base_version=0,
            content=AnswerContent(value="1", file=SimpleUploadedFile(name, content)),
        )


@pytest.mark.parametrize(
    ("name", "members"),
    [
        ("report.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        ("sheet.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}),
        ("notes.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"}),
    ],
)
def test_documents_holding_their_main_part_are_kept(
    cast: Cast, name: str, members: dict[str, bytes]
) -> None:
    answer = cast.answer("E1")

    save_answer(
        answer=answer,
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="1", file=SimpleUploadedFile(name, _zip(members))),
    )

    answer.refresh_from_db()
    assert answer.file_name == name


def test_an_evidence_file_over_the_size_limit_is_refused(cast: Cast, settings: object) -> None:
    settings.STOCKTAKE_EVIDENCE_MAX_BYTES = 10  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("big.txt", b"x" * 11)

    with pytest.raises(InvalidAnswerError, match="larger than the limit of 10"):
        save_answer(
            answer=cast.answer("E1"),
            user=cast.bob,
            base_version=0,
            content=AnswerContent(value="1", file=upload),
        )


def test_a_submitted_department_cannot_change_its_answers_until_reopened(cast: Cast) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)

    with pytest.raises(DepartmentSubmittedError):
        _save(cast, "E1", "2")
    reopen_department(round=cast.round, department=cast.environment)
    assert _save(cast, "E1", "2").version == 1


def test_a_department_submits_once(cast: Cast) -> None:
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)

    with pytest.raises(WorkflowError, match="already submitted"):
        submit_department(round=cast.round, department=cast.environment, by=cast.bob)


def test_closing_answering_stops_saves(cast: Cast) -> None:
    start_reconciliation(round=cast.round)

    with pytest.raises(RoundStateError, match="no longer open"):
        _save(cast, "E1", "2")


def test_core_answers_carry_departments_support_and_reconciliations(cast: Cast) -> None:
    _save(cast, "G1", "1", department=cast.planning)
    _save(cast, "G1", "4", importance=5, support=frozenset({"training"}))
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)

    answers = core_answers(cast.round)

    assert [(a.indicator, a.department, a.value, a.reconciled) for a in answers] == [
        ("G1", "environment", "4", False),
        ("G1", "planning", "1", False),
        ("G1", "", "2", True),
    ]
    assert answers[0].support_needed == ("training",)
    assert answers[0].importance == 5
    assert {a.city for a in answers} == {"harbour"}


def test_a_reconciliation_needs_a_reason_and_a_fitting_value(cast: Cast) -> None:
    start_reconciliation(round=cast.round)

    with pytest.raises(WorkflowError, match="a reason is required"):
        reconcile(round=cast.round, indicator="G1", value="2", reason=" ", by=cast.alice)
    with pytest.raises(InvalidAnswerError):
        reconcile(round=cast.round, indicator="G1", value="9", reason="x", by=cast.alice)
    with pytest.raises(WorkflowError, match="no indicator X1"):
        reconcile(round=cast.round, indicator="X1", value="1", reason="x", by=cast.alice)


def test_reconciling_waits_for_answering_to_close(cast: Cast) -> None:
    _save(cast, "G1", "1", department=cast.planning)
    _save(cast, "G1", "4")

    with pytest.raises(RoundStateError, match="Close answering before reconciling"):
        reconcile(round=cast.round, indicator="G1", value="2", reason="Agreed", by=cast.alice)
    assert not cast.round.reconciliations.exists()


def test_sign_off_waits_for_answering_to_close(cast: Cast) -> None:
    with pytest.raises(RoundStateError, match="Close answering"):
        sign_off(round=cast.round, by=cast.alice)


def test_sign_off_waits_for_every_disagreement_to_be_reconciled(cast: Cast) -> None:
    _save(cast, "G1", "0", department=cast.planning)
    _save(cast, "G1", "4")
    start_reconciliation(round=cast.round)

    with pytest.raises(UnreconciledError, match="G1"):
        sign_off(round=cast.round, by=cast.alice)


def test_the_whole_workflow_ends_with_stored_reproducible_results(cast: Cast) -> None:
    _save(cast, "G1", "1", department=cast.planning, importance=5, support=frozenset({"finance"}))
    _save(cast, "G1", "4", evidence="Coordination office since 2022")
    _save(cast, "G2", "yes", department=cast.planning)
    _save(cast, "E1", "2", confidence="high")
    _save(cast, "E2", "draft")
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    submit_department(round=cast.round, department=cast.planning, by=cast.bea)
    start_reconciliation(round=cast.round)
    reconcile(
        round=cast.round, indicator="G1", value="2", reason="Office lacks a budget", by=cast.alice
    )

    record = sign_off(round=cast.round, by=cast.alice)

    cast.round.refresh_from_db()
    assert cast.round.state == Round.State.SIGNED_OFF
    assert record.framework_key == "pilot@1.0.0"
    assert record.results["framework"] == "pilot@1.0.0"
    assert record.method["consolidation_rule"] == "median"
    assert record.method["priorities_top"] == 10
    assert record.results["indicators"]["G1"]["points"] == 2.0
    assert record.results["consolidation"]["needs_reconciliation"] == []
    assert [p["indicator"] for p in record.priorities][:1] == ["G1"]
    with pytest.raises(RoundStateError, match="signed off"):
        reconcile(round=cast.round, indicator="E1", value="3", reason="late", by=cast.alice)


def test_a_round_needs_a_name(cast: Cast) -> None:
    with pytest.raises(WorkflowError, match="needs a name"):
        open_round(
            city=cast.harbour,
            framework=cast.framework,
            name="  ",
            deadline=datetime.date(2026, 1, 1),
            opened_by=cast.alice,
        )


def test_assignments_stop_when_answering_closes(cast: Cast) -> None:
    start_reconciliation(round=cast.round)

    with pytest.raises(RoundStateError):
        assign_indicators(round=cast.round, by=cast.alice, pairs=[("E3", cast.environment)])
    assert not Assignment.objects.filter(indicator="E3", round=cast.round).exists()


def test_an_overlong_value_is_refused_before_the_database_sees_it(cast: Cast) -> None:
    with pytest.raises(InvalidAnswerError, match="too long"):
        save_answer(
            answer=cast.answer("E1"),
            user=cast.bob,
            base_version=0,
            content=AnswerContent(value="1" * 65),
        )


def test_results_use_the_consolidation_rule_they_record(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sign-off stores the rule with the results; the results must have been made with it."""
    for answer, user, value in (
        (cast.answer("G1"), cast.bob, "4"),
        (cast.answer("G1", cast.planning), cast.bea, "0"),
    ):
        save_answer(answer=answer, user=user, base_version=0, content=AnswerContent(value=value))
    median = compute_results(cast.round).consolidation.values["G1"].points

    monkeypatch.setattr(results, "CONSOLIDATION_RULE", "max")

    assert results.method_parameters()["consolidation_rule"] == "max"
    assert compute_results(cast.round).consolidation.values["G1"].points == 4
    assert consolidate_round(cast.round).values["G1"].points == 4
    assert median == 0
