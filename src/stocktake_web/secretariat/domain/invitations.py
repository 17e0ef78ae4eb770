"""Inviting a person to a role, and accepting an invitation: onboarding without a superuser.

A coordinator invites the respondents of the city's departments and the city's viewers; the
secretariat invites, in addition, each city's coordinator. The e-mail holds the only copy of
the link's token; the database keeps its SHA-256 digest. An invitation is used once, within
:data:`INVITATION_DAYS` days.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stocktake_web.accounts.domain import create_account, grant_role
from stocktake_web.accounts.domain.addresses import account_with_email
from stocktake_web.accounts.models import Role, User
from stocktake_web.audit.domain import (
    record_account_created,
    record_invitation_accepted,
    record_invitation_sent,
)
from stocktake_web.network.models import City, Department
from stocktake_web.secretariat.models import Invitation

INVITATION_DAYS = 14
"""Days an invitation's link stays valid: long enough for holidays, short enough to go stale."""


class InvitationError(ValueError):
    """An invitation that cannot be sent or accepted, with a sentence saying why."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    *,
    email: str,
    kind: str,
    city: City,
    department: Department | None = None,
    invited_by: User,
    language: str,
) -> Invitation:
    """Record an invitation and e-mail its link in ``language``; the sending is audited.

    ``city`` is the role's city; a respondent's role is of ``department``, one of its
    departments. Whether ``invited_by`` may invite to this role is the caller's check
    (:func:`stocktake_web.permissions.can_invite`).
    """
    if kind == Role.Kind.RESPONDENT and (department is None or department.city_id != city.pk):
        raise InvitationError(_("Choose a department of the city for a respondent."))
    if kind not in (Role.Kind.RESPONDENT, Role.Kind.COORDINATOR, Role.Kind.VIEWER):
        raise InvitationError(_("Invitations are for coordinators, respondents and viewers."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.strip(),
            kind=kind,
            city=None if kind == Role.Kind.RESPONDENT else city,
            department=department if kind == Role.Kind.RESPONDENT else None,
            token_digest=_digest(token),
            invited_by=invited_by,
            expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
        )
        record_invitation_sent(invitation=invitation, by=invited_by)
        _send(invitation, token=token, language=language)
    return invitation


def _send(invitation: Invitation, *, token: str, language: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("secretariat:accept", args=[token])
    with translation.override(language):
        context = {"invitation": invitation, "link": link, "city": invitation_city(invitation)}
        subject = render_to_string("secretariat/email/invitation_subject.txt", context)
        body = render_to_string("secretariat/email/invitation_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


def invitation_city(invitation: Invitation) -> City:
    """The city the invitation's role is in (a respondent's through the department)."""
    city = invitation.city or (invitation.department.city if invitation.department else None)
    assert city is not None  # the database's check constraint says so
    return city


def invitation_with_token(token: str) -> Invitation | None:
    """The invitation of a link's token, with its places; None for a token never sent."""
    found = Invitation.objects.select_related("city__network", "department__city__network")
    return found.filter(token_digest=_digest(token[:200])).first()


def refusal_of(invitation: Invitation) -> str | None:
    """Why the invitation cannot be accepted any more, or None when it can."""
    if invitation.accepted_at is not None:
        return _("This invitation has already been accepted. Sign in with the account it made.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the person who invited you to send a new one.")
    return None


def accept_invitation(*, invitation: Invitation, user: User) -> Role:
    """Give ``user`` the invitation's role and mark it used, once even under simultaneous clicks.

    An account with another e-mail address than the invitation's is refused: a forwarded link
    gives nobody else the role. The invitation's row is locked and read again inside the
    transaction, so the second of two simultaneous acceptances finds it used and is refused.
    """
    if user.email and user.email.strip().lower() != invitation.email.strip().lower():
        raise InvitationError(
            _(
                "This invitation is for another e-mail address; sign out and open the link "
                "again to accept it with a new account."
            )
        )
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        refusal = refusal_of(current)
        if refusal is not None:
            raise InvitationError(refusal)
        role = grant_role(
            user=user,
            kind=current.kind,
            city=invitation.city,
            department=invitation.department,
            by=current.invited_by,
        )
        current.accepted_at = timezone.now()
        current.accepted_by = user
        current.save(update_fields=["accepted_at", "accepted_by"])
        invitation.accepted_at, invitation.accepted_by = current.accepted_at, user
        record_invitation_accepted(invitation=invitation, by=user)
    return role


def accept_invitation_with_new_account(
    *, invitation: Invitation, username: str, password: str
) -> User:
    """Make the invited person's account (with the invitation's address) and accept for it.

    Nothing is kept when the invitation turns out to be used or expired, or the name or the
    address is taken meanwhile.
    """
    if account_with_email(invitation.email) is not None:
        raise InvitationError(
            _("An account with this e-mail address exists: sign in to accept the invitation.")
        )
    try:
        with transaction.atomic():
            user = create_account(username=username, password=password, email=invitation.email)
            record_account_created(
                person=user, by=user, network_id=invitation_city(invitation).network_id
            )
            accept_invitation(invitation=invitation, user=user)
    except IntegrityError as exc:
        raise InvitationError(
            _("That user name or e-mail address was taken a moment ago; choose another name.")
        ) from exc
    return user


def pending_invitations(city: City) -> list[Invitation]:
    """The city's invitations not yet accepted, newest first (expired ones included)."""
    found = Invitation.objects.select_related("department", "invited_by")
    in_city = Q(city=city) | Q(department__city=city)
    return list(found.filter(in_city, accepted_at__isnull=True))
