"""Pages of the assessment workflow: the coordinator's round, the respondent's indicators.

Every view checks access once, with :func:`stocktake_web.permissions.authorize`, and changes
state only through the domain functions. Autosave requests (``request.htmx``) get a small status
fragment back instead of a page.
"""

from stocktake_web.assessments.views.answering import (
    answer_history,
    answer_page,
    department_page,
    evidence_file,
    resolve_conflict,
    submit_department,
)
from stocktake_web.assessments.views.coordination import (
    archive,
    assign,
    choose_consent,
    close_answering,
    mark_training,
    open_round,
    reconcile,
    reopen_answering,
    reopen_department,
    restore,
    round_page,
    sign_off,
    withdraw_sign_off,
)

__all__ = [
    "answer_history",
    "answer_page",
    "archive",
    "assign",
    "choose_consent",
    "close_answering",
    "department_page",
    "evidence_file",
    "mark_training",
    "open_round",
    "reconcile",
    "reopen_answering",
    "reopen_department",
    "resolve_conflict",
    "restore",
    "round_page",
    "sign_off",
    "submit_department",
    "withdraw_sign_off",
]
