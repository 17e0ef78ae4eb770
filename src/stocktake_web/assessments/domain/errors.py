"""Why a workflow step was refused, in a sentence the person who tried can act on."""

from __future__ import annotations


class WorkflowError(ValueError):
    """A step the workflow does not allow now; the message is already translated."""


class RoundStateError(WorkflowError):
    """The round is not in the state this step needs (e.g. it is signed off and read-only)."""


class DepartmentSubmittedError(WorkflowError):
    """The department has submitted its answers; the coordinator must reopen them first."""


class InvalidAnswerError(WorkflowError):
    """A value does not fit its indicator, or an evidence file breaks the limits."""


class UnreconciledError(WorkflowError):
    """Departments still disagree on indicators the coordinator has not reconciled."""


class SecondRoundError(WorkflowError):
    """The city already runs a current round of this framework; a second needs a reason."""


class SignOffReasonError(WorkflowError):
    """The round's coverage is below the network's minimum; signing off needs a reason."""
