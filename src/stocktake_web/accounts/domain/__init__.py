"""Creating accounts and granting roles."""

from stocktake_web.accounts.domain.roles import (
    PLACE_OF_ROLE,
    ROLE_PLACES,
    create_account,
    grant_role,
    record_role_changes,
    revoke_role,
)

__all__ = [
    "PLACE_OF_ROLE",
    "ROLE_PLACES",
    "create_account",
    "grant_role",
    "record_role_changes",
    "revoke_role",
]
