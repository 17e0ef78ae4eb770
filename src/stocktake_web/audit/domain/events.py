"""Recording events: one function for any event, and one per kind for the places that record.

Each recording function is called in one line where the thing happens (a sign-off, a role
given, an export), inside the same transaction, so an event exists exactly when its change does.
``details`` keeps the values that say what the event concerned as they were at the time
(a city's name in every language, a round's name), so later renames do not rewrite history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.models import Round
from stocktake_web.audit.domain.origin import current_address
from stocktake_web.audit.models import AuditEvent
from stocktake_web.events.models import Event
from stocktake_web.network.models import City, Cohort, Department, Network
from stocktake_web.reviews.models import RevisionRequest
from stocktake_web.secretariat.models import Invitation

Actor = AbstractBaseUser | AnonymousUser | None


def record_event(
    *,
    kind: AuditEvent.Kind,
    actor: Actor,
    network_id: int | None = None,
    details: Mapping[str, object] | None = None,
    actor_name: str | None = None,
) -> AuditEvent:
    """Add one event, from the address of the request being served (if any).

    ``actor_name`` defaults to the account's user name; a refused sign-in passes the name that
    was typed instead, whether or not such an account exists.
    """
    account = actor if isinstance(actor, User) else None
    name = actor_name if actor_name is not None else (account.get_username() if account else "")
    return AuditEvent.objects.create(
        kind=kind,
        actor=account,
        actor_name=name[:150],
        address=current_address(),
        network_id=network_id,
        details=dict(details or {}),
    )


def record_sign_off(
    *, round: Round, by: Actor, reason: str = "", answered: int = 0, expected: int = 0
) -> AuditEvent:
    """``answered`` of the ``expected`` indicators were scored at sign-off; ``reason`` is why the
    coordinator signed off below the network's minimum coverage (empty when it was reached)."""
    return _record_round(
        AuditEvent.Kind.ROUND_SIGNED_OFF,
        round=round,
        by=by,
        reason=reason,
        answered=answered,
        expected=expected,
    )


def record_sign_off_withdrawal(
    *, round: Round, by: Actor, reason: str = "", signed_off_at: str = "", signed_off_by: str = ""
) -> AuditEvent:
    """``signed_off_at`` and ``signed_off_by`` name the sign-off that was undone: its stored
    results go with it, so the log is where it is remembered."""
    return _record_round(
        AuditEvent.Kind.SIGN_OFF_WITHDRAWN,
        round=round,
        by=by,
        reason=reason,
        signed_off_at=signed_off_at,
        signed_off_by=signed_off_by,
    )


def record_answering_reopened(*, round: Round, by: Actor, reason: str) -> AuditEvent:
    return _record_round(AuditEvent.Kind.ANSWERING_REOPENED, round=round, by=by, reason=reason)


def record_export(*, round: Round, by: Actor, export: str) -> AuditEvent:
    """``export`` names what was downloaded (``answers.csv``), not the file's full name."""
    return _record_round(AuditEvent.Kind.EXPORT_DOWNLOADED, round=round, by=by, export=export)


def record_consent_change(*, round: Round, by: Actor, before: str) -> AuditEvent:
    """``before``: the consent tier the round had; the round holds the new one."""
    return _record_round(
        AuditEvent.Kind.CONSENT_CHANGED, round=round, by=by, before=before, after=round.consent
    )


def record_cohort_export(*, cohort: Cohort, by: Actor, export: str, framework: str) -> AuditEvent:
    """A download of a cohort's data (``export`` names what, ``framework`` the version's key)."""
    details = {"cohort_id": cohort.pk, "cohort": cohort.name, "export": export}
    details["framework"] = framework
    return record_event(
        kind=AuditEvent.Kind.EXPORT_DOWNLOADED,
        actor=by,
        network_id=cohort.network_id,
        details=details,
    )


def record_network_event_saved(*, event: Event, by: Actor, created: bool) -> AuditEvent:
    """A workshop, webinar, training, site visit or forum of the network recorded
    (``created``) or changed."""
    kind = (
        AuditEvent.Kind.NETWORK_EVENT_RECORDED if created else AuditEvent.Kind.NETWORK_EVENT_CHANGED
    )
    details = {"event_id": event.pk, "title": event.title, "start": event.start.isoformat()}
    return record_event(kind=kind, actor=by, network_id=event.network_id, details=details)


def _record_round(
    kind: AuditEvent.Kind, *, round: Round, by: Actor, **extra: str | int
) -> AuditEvent:
    city = round.city
    details = {"round_id": round.pk, "round": round.name, "city": city.name, **extra}
    return record_event(kind=kind, actor=by, network_id=city.network_id, details=details)


def record_round_opened(*, round: Round, by: Actor, reason: str = "") -> AuditEvent:
    """``reason``: why the city needs this round beside another current one of the same
    framework (empty when there is none); a training round says so in ``training``."""
    extra = {"training": True} if round.is_training else {}
    return _record_round(
        AuditEvent.Kind.ROUND_OPENED,
        round=round,
        by=by,
        reason=reason,
        framework=round.framework.key,
        **extra,
    )


def record_training_change(*, round: Round, by: Actor, reason: str) -> AuditEvent:
    """The round was marked as training, or no longer (``training`` holds the new mark)."""
    return _record_round(
        AuditEvent.Kind.TRAINING_CHANGED,
        round=round,
        by=by,
        reason=reason,
        training=round.is_training,
    )


def record_assignments_changed(*, round: Round, by: Actor, added: int, removed: int) -> AuditEvent:
    return _record_round(
        AuditEvent.Kind.ASSIGNMENTS_CHANGED, round=round, by=by, added=added, removed=removed
    )


def record_answering_closed(*, round: Round, by: Actor, answered: int, expected: int) -> AuditEvent:
    """The coverage when answering closed: ``answered`` of the ``expected`` indicators."""
    return _record_round(
        AuditEvent.Kind.ANSWERING_CLOSED, round=round, by=by, answered=answered, expected=expected
    )


def record_answer_reconciled(
    *, round: Round, by: Actor, indicator: str, value: str, reason: str
) -> AuditEvent:
    return _record_round(
        AuditEvent.Kind.ANSWER_RECONCILED,
        round=round,
        by=by,
        indicator=indicator,
        value=value,
        reason=reason,
    )


def record_round_archived(*, round: Round, by: Actor, reason: str) -> AuditEvent:
    return _record_round(AuditEvent.Kind.ROUND_ARCHIVED, round=round, by=by, reason=reason)


def record_round_restored(*, round: Round, by: Actor, reason: str = "") -> AuditEvent:
    return _record_round(AuditEvent.Kind.ROUND_RESTORED, round=round, by=by, reason=reason)


def record_role_granted(*, role: Role, by: Actor) -> AuditEvent:
    return _record_role(AuditEvent.Kind.ROLE_GRANTED, role=role, by=by)


def record_role_revoked(*, role: Role, by: Actor) -> AuditEvent:
    return _record_role(AuditEvent.Kind.ROLE_REVOKED, role=role, by=by)


def _record_role(kind: AuditEvent.Kind, *, role: Role, by: Actor) -> AuditEvent:
    details: dict[str, object] = {"person": role.user.get_username(), "role": role.kind}
    if role.network is not None:
        network_id = role.network.pk
        details["place"] = {"en": role.network.name}
    elif role.city is not None:
        network_id = role.city.network_id
        details["place"] = role.city.name
    else:
        assert role.department is not None  # the database's check constraint says so
        network_id = role.department.city.network_id
        details["place"] = role.department.name
        details["city"] = role.department.city.name
    return record_event(kind=kind, actor=by, network_id=network_id, details=details)


def record_permissions_changed(
    *, person: User, by: Actor, changed: Iterable[str]
) -> AuditEvent | None:
    """``changed``: the names of the account's fields that changed (``is_staff``, ``groups``);
    nothing is recorded when none did."""
    fields = sorted(changed)
    if not fields:
        return None
    details = {"person": person.get_username(), "changed": fields}
    return record_event(kind=AuditEvent.Kind.PERMISSIONS_CHANGED, actor=by, details=details)


# -- accounts, invitations and the secretariat's administration -----------------------------------


def record_invitation_sent(*, invitation: Invitation, by: Actor) -> AuditEvent:
    return _record_invitation(AuditEvent.Kind.INVITATION_SENT, invitation=invitation, by=by)


def record_invitation_accepted(*, invitation: Invitation, by: Actor) -> AuditEvent:
    return _record_invitation(AuditEvent.Kind.INVITATION_ACCEPTED, invitation=invitation, by=by)


def _record_invitation(kind: AuditEvent.Kind, *, invitation: Invitation, by: Actor) -> AuditEvent:
    city = invitation.city or (invitation.department.city if invitation.department else None)
    assert city is not None  # the database's check constraint says so
    details: dict[str, object] = {
        "invitation_id": invitation.pk,
        "email": invitation.email,
        "role": invitation.kind,
        "city": city.name,
    }
    if invitation.department is not None:
        details["place"] = invitation.department.name
    return record_event(kind=kind, actor=by, network_id=city.network_id, details=details)


def record_account_created(*, person: User, by: Actor, network_id: int | None) -> AuditEvent:
    details = {"person": person.get_username(), "email": person.email}
    return record_event(
        kind=AuditEvent.Kind.ACCOUNT_CREATED, actor=by, network_id=network_id, details=details
    )


def record_accounts_imported(
    *, network: Network, by: Actor, file_name: str, counts: Mapping[str, int]
) -> AuditEvent:
    """``counts``: how many cities, departments, accounts and roles the file added."""
    details = {"file": file_name[:200], **counts}
    return record_event(
        kind=AuditEvent.Kind.ACCOUNTS_IMPORTED, actor=by, network_id=network.pk, details=details
    )


def record_password_reset(*, person: User) -> AuditEvent:
    """The person chose a new password through an e-mailed link (so they are the actor)."""
    return record_event(
        kind=AuditEvent.Kind.PASSWORD_RESET,
        actor=person,
        details={"person": person.get_username()},
    )


def record_city_added(*, city: City, by: Actor) -> AuditEvent:
    details = {"city_id": city.pk, "city": city.name}
    return record_event(
        kind=AuditEvent.Kind.CITY_ADDED, actor=by, network_id=city.network_id, details=details
    )


def record_department_added(*, department: Department, by: Actor) -> AuditEvent:
    city = department.city
    details = {"department_id": department.pk, "place": department.name, "city": city.name}
    return record_event(
        kind=AuditEvent.Kind.DEPARTMENT_ADDED, actor=by, network_id=city.network_id, details=details
    )


def record_network_settings_changed(
    *, network: Network, by: Actor, changes: Mapping[str, tuple[object, object]]
) -> AuditEvent | None:
    """``changes``: each changed setting's value before and after; nothing when none changed."""
    if not changes:
        return None
    details = {name: {"before": old, "after": new} for name, (old, new) in sorted(changes.items())}
    return record_event(
        kind=AuditEvent.Kind.NETWORK_SETTINGS_CHANGED,
        actor=by,
        network_id=network.pk,
        details=details,
    )


# -- revision requests ----------------------------------------------------------------------------


def record_revision_requested(*, request: RevisionRequest, round: Round, by: Actor) -> AuditEvent:
    """The coordinator's message is kept too: the round's history shows it as the reason."""
    return _record_revision(
        AuditEvent.Kind.REVISION_REQUESTED,
        request=request,
        round=round,
        by=by,
        message=request.message,
    )


def record_revision_settled(*, request: RevisionRequest, round: Round, by: Actor) -> AuditEvent:
    return _record_revision(AuditEvent.Kind.REVISION_SETTLED, request=request, round=round, by=by)


def _record_revision(
    kind: AuditEvent.Kind, *, request: RevisionRequest, round: Round, by: Actor, **extra: str
) -> AuditEvent:
    """The request's indicator and department, as strings kept with the round's details."""
    assignment = request.answer.assignment
    return _record_round(
        kind,
        round=round,
        by=by,
        request_id=str(request.pk),
        indicator=assignment.indicator,
        department=assignment.department.slug,
        **extra,
    )
