"""check_*: validation of raw input, raising 422 errors that name the field."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from chatlake.errors import InvalidField

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
E164_RE = re.compile(r"^\+[1-9]\d{1,14}$")


def check_string(value, field: str) -> str | None:
    """Text as JSON carries it. Numbers are taken as their text (Chatwoot's Rails params do the same); objects,
    arrays and booleans are a 422 naming the field, never an error deeper down."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InvalidField(f"{field} must be text", [field])


def check_email(value: str | None, field: str = "email") -> str | None:
    value = check_string(value, field)
    if value is None or value.strip() == "":
        return None
    value = value.strip().lower()
    if len(value) > 255 or not EMAIL_RE.match(value):
        raise InvalidField("Email is invalid", [field])
    return value


def check_phone_number(value: str | None, field: str = "phone_number") -> str | None:
    value = check_string(value, field)
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if not E164_RE.match(value):
        raise InvalidField("Phone number should be in e164 format", [field])
    return value


def check_text(value: str | None, field: str, max_length: int = 255, required: bool = False) -> str | None:
    value = check_string(value, field)
    if value is None or (required and value.strip() == ""):
        if required:
            raise InvalidField(f"{field.replace('_', ' ').capitalize()} can't be blank", [field])
        return None
    if len(value) > max_length:
        raise InvalidField(
            f"{field.replace('_', ' ').capitalize()} is too long (maximum is {max_length} characters)", [field]
        )
    return value


def check_url(value: str | None, field: str) -> str | None:
    value = check_string(value, field)
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(value) > 2048:
        raise InvalidField(f"{field.replace('_', ' ').capitalize()} is not a valid http(s) URL", [field])
    return value


def check_json_object(value, field: str) -> dict:
    """Objects may also arrive as JSON strings (form posts, some SDKs)."""
    if value is None:
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            raise InvalidField(f"{field} must be a JSON object", [field]) from None
    if not isinstance(value, dict):
        raise InvalidField(f"{field} must be a JSON object", [field])
    return value


def check_choice(value: str, choices: dict, field: str) -> int:
    if not isinstance(value, str | int) or isinstance(value, bool) or value not in choices:
        raise InvalidField(f"{field} must be one of {', '.join(choices)}", [field])
    return choices[value]


def check_timestamp(value, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidField(f"{field} must be a unix timestamp", [field]) from None
