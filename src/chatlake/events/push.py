"""Real-time rendering: a stored event becomes Chatwoot's ActionCable push message.

The outbox keeps one body per event, its webhook body, rendered from the event's typed model when the
event happened. The push is the other rendering of that same model (events/types.py), parsed back
from the stored body, so it shows the state of that moment, never a later re-read.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError

from chatlake.events.types import EVENT_TYPES, DomainEvent, parse_stored

log = logging.getLogger("chatlake.realtime")

# Stored event name -> push event name. Events not listed here are not pushed.
PUSH_NAMES = {name: model.push_name for name, model in EVENT_TYPES.items() if model.push_name is not None}


def stored_model(name: str, payload: dict) -> DomainEvent | None:
    """The typed event of a stored row; None when unknown or unreadable (logged, never fatal to a stream)."""
    try:
        return parse_stored(name, payload)
    except ValidationError:
        log.warning("realtime: stored %s event does not match its model; not pushed", name)
        return None


def push_data(name: str, payload: dict, account_id: int) -> dict | None:
    """The `data` of the push message, or None when the event is not pushed."""
    if name not in PUSH_NAMES:
        return None
    event = stored_model(name, payload)
    return None if event is None else event.push_data(account_id)


def push_message(name: str, payload: dict, account_id: int, cursor: int) -> dict | None:
    """`{"event": "message.created", "data": {...}, "cursor": N}`, or None when not pushed."""
    if name not in PUSH_NAMES:
        return None
    event = stored_model(name, payload)
    return None if event is None else event.push(account_id, cursor)
