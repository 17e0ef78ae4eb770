"""Dissent voiced in the room: a department's view against the room's score on a question."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.errors import WorkflowError
from stocktake_web.network.models import Department
from stocktake_web.workshops.domain.sessions import locked_session, require_not_finished
from stocktake_web.workshops.models import Dissent, Session

VIEW_MAX_LENGTH = 4000


def record_dissent(
    *, session: Session, indicator: str, department: Department, view: str, by: User
) -> Dissent:
    """Record ``department``'s dissenting ``view`` on ``indicator``, in its own words."""
    view = view.strip()
    if not view:
        raise WorkflowError(_("Write the dissenting view as the department put it."))
    if len(view) > VIEW_MAX_LENGTH:
        raise WorkflowError(
            _("The view is too long: at most %(count)s characters.") % {"count": VIEW_MAX_LENGTH}
        )
    if department.city_id != session.round.city_id:
        raise WorkflowError(_("Only the departments of the round's city can dissent here."))
    if indicator not in {item.id for item in session.round.framework.load().indicators()}:
        raise WorkflowError(
            _("There is no indicator %(indicator)s in this round.") % {"indicator": indicator}
        )
    with transaction.atomic():
        require_not_finished(locked_session(session))
        same = Dissent.objects.filter(
            session=session,
            indicator=indicator,
            department=department,
            view=view,
            withdrawn_at=None,
        ).first()
        if same is not None:  # a double click records the view once
            return same
        return Dissent.objects.create(
            session=session, indicator=indicator, department=department, view=view, recorded_by=by
        )


def withdraw_dissent(*, dissent: Dissent) -> Dissent:
    """Mark a dissenting view withdrawn (recorded by mistake, or the department came round);
    it is kept, and no longer shown as dissent."""
    with transaction.atomic():
        require_not_finished(locked_session(dissent.session))
        if dissent.withdrawn_at is None:
            dissent.withdrawn_at = timezone.now()
            dissent.save(update_fields=["withdrawn_at"])
    return dissent
