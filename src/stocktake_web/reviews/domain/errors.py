"""Why a revision request or a comment was refused, in a sentence the person can act on."""

from __future__ import annotations

from stocktake_web.assessments.domain.errors import WorkflowError


class ReviewError(WorkflowError):
    """A revision request or comment the answer's round does not take now, or a message that
    does not fit; the message is already translated."""
