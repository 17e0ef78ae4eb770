"""A person's e-mail address and the language of their e-mails.

An address belongs to one account whatever its case (a database constraint says so too); these
functions say so in a sentence before the database would refuse.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User


class AccountError(ValueError):
    """A change to an account that cannot be made, with a sentence saying why."""


def account_with_email(email: str) -> User | None:
    """The account with this address in any case; None for an empty or unknown address."""
    address = email.strip()
    if not address:
        return None
    return User.objects.filter(email__iexact=address).first()


def update_own_account(*, user: User, email: str, language: str) -> None:
    """Change the person's address and the language of their e-mails (empty: the network's).

    An address already held by another account is refused with a sentence.
    """
    address = email.strip()
    holder = account_with_email(address)
    if holder is not None and holder.pk != user.pk:
        raise AccountError(_("That e-mail address belongs to another account."))
    user.email, user.language = address, language
    user.save(update_fields=["email", "language"])
