"""Creating accounts and granting roles."""

from stocktake_web.accounts.domain.roles import create_account, grant_role

__all__ = ["create_account", "grant_role"]
