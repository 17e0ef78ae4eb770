"""Every state change of an assessment, as verb phrases with keyword-only arguments."""

from stocktake_web.assessments.domain.answers import (
    AnswerContent,
    SaveOutcome,
    resolve_conflict,
    save_answer,
)
from stocktake_web.assessments.domain.archive import archive_round, restore_round
from stocktake_web.assessments.domain.batches import AnswerEdit, save_answers
from stocktake_web.assessments.domain.changes import change_marker, progress_markers
from stocktake_web.assessments.domain.errors import (
    DepartmentSubmittedError,
    InvalidAnswerError,
    RoundStateError,
    SecondRoundError,
    SignOffReasonError,
    UnreconciledError,
    WorkflowError,
)
from stocktake_web.assessments.domain.reconciliation import (
    reconcile,
    sign_off,
    withdraw_sign_off,
)
from stocktake_web.assessments.domain.results import (
    RoundRecords,
    RoundResults,
    compute_results,
    consolidate_round,
    core_answers,
    round_records,
)
from stocktake_web.assessments.domain.rounds import (
    assign_indicators,
    open_round,
    reopen_answering,
    reopen_department,
    start_reconciliation,
    submit_department,
    suggested_assignments,
    unassign_indicators,
)
from stocktake_web.assessments.domain.training import set_training, training_changeable

__all__ = [
    "AnswerContent",
    "AnswerEdit",
    "DepartmentSubmittedError",
    "InvalidAnswerError",
    "RoundRecords",
    "RoundResults",
    "RoundStateError",
    "SaveOutcome",
    "SecondRoundError",
    "SignOffReasonError",
    "UnreconciledError",
    "WorkflowError",
    "archive_round",
    "assign_indicators",
    "change_marker",
    "compute_results",
    "consolidate_round",
    "core_answers",
    "open_round",
    "progress_markers",
    "reconcile",
    "reopen_answering",
    "reopen_department",
    "resolve_conflict",
    "restore_round",
    "round_records",
    "save_answer",
    "save_answers",
    "set_training",
    "sign_off",
    "start_reconciliation",
    "submit_department",
    "suggested_assignments",
    "training_changeable",
    "unassign_indicators",
    "withdraw_sign_off",
]
