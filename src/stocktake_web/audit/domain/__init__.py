"""Recording audit events; nothing here changes or removes one."""

from stocktake_web.audit.domain.events import (
    record_event,
    record_export,
    record_permissions_changed,
    record_role_granted,
    record_role_revoked,
    record_sign_off,
    record_sign_off_withdrawal,
)
from stocktake_web.audit.domain.origin import current_address, requests_from

__all__ = [
    "current_address",
    "record_event",
    "record_export",
    "record_permissions_changed",
    "record_role_granted",
    "record_role_revoked",
    "record_sign_off",
    "record_sign_off_withdrawal",
    "requests_from",
]
