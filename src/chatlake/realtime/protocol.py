"""ActionCable's JSON frames, as @rails/actioncable clients speak them."""

from __future__ import annotations

import time

import orjson

SUBPROTOCOL = "actioncable-v1-json"
CHANNEL = "RoomChannel"
PING_SECONDS = 3.0


def dumps(value) -> str:
    return orjson.dumps(value).decode()


WELCOME = dumps({"type": "welcome"})


def ping() -> str:
    return dumps({"type": "ping", "message": int(time.time())})


def confirm(identifier: str) -> str:
    return dumps({"identifier": identifier, "type": "confirm_subscription"})


def reject(identifier: str) -> str:
    return dumps({"identifier": identifier, "type": "reject_subscription"})


def disconnect(reason: str, reconnect: bool = True) -> str:
    return dumps({"type": "disconnect", "reason": reason, "reconnect": reconnect})


def message_prefix(identifier: str) -> str:
    """The start of every broadcast frame of one subscription: the message body is serialised once
    per event and appended, instead of once per subscriber."""
    return '{"identifier":' + dumps(identifier) + ',"message":'


def broadcast(prefix: str, message_json: str) -> str:
    return prefix + message_json + "}"


def parse_identifier(identifier) -> dict | None:
    """The identifier is a JSON string inside the JSON command; None if it is not one."""
    if not isinstance(identifier, str):
        return None
    try:
        params = orjson.loads(identifier)
    except orjson.JSONDecodeError:
        return None
    return params if isinstance(params, dict) else None


def parse_cursor(params: dict) -> int | None:
    """The optional resume position a client puts in its identifier; anything not a whole
    non-negative number is treated as absent (live from now)."""
    value = params.get("cursor")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None
