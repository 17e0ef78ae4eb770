"""Recording audit events (nothing here changes or removes one) and reading them back."""

from stocktake_web.audit.domain.events import (
    record_answering_reopened,
    record_cohort_export,
    record_consent_change,
    record_event,
    record_export,
    record_network_event_saved,
    record_permissions_changed,
    record_role_granted,
    record_role_revoked,
    record_sign_off,
    record_sign_off_withdrawal,
)
from stocktake_web.audit.domain.log import EVENTS_PER_PAGE, network_events_page
from stocktake_web.audit.domain.origin import current_address, requests_from

__all__ = [
    "EVENTS_PER_PAGE",
    "current_address",
    "network_events_page",
    "record_answering_reopened",
    "record_cohort_export",
    "record_consent_change",
    "record_event",
    "record_export",
    "record_network_event_saved",
    "record_permissions_changed",
    "record_role_granted",
    "record_role_revoked",
    "record_sign_off",
    "record_sign_off_withdrawal",
    "requests_from",
]
