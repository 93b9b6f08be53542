from __future__ import annotations

from chatlake.models import ReportingEvent
from chatlake.presenters.common import iso


def reporting_event_json(event: ReportingEvent, display_id: int | None) -> dict:
    return {
        "id": event.id,
        "name": event.name,
        "value": event.value,
        "value_in_business_hours": event.value_in_business_hours,
        "event_start_time": iso(event.event_start_time),
        "event_end_time": iso(event.event_end_time),
        "account_id": event.account_id,
        "inbox_id": event.inbox_id,
        "user_id": event.user_id,
        "conversation_id": display_id,
        "created_at": iso(event.created_at),
        "updated_at": iso(event.updated_at),
    }
