"""check_* for report query parameters, which arrive as text: each bad value is a 422 naming its parameter."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from chatlake.errors import InvalidField
from chatlake.queries.reports.sql import PERIODS

# Dates outside this are typos, and beyond what every database and Python datetime can hold.
EARLIEST, LATEST = 0, 253_402_300_799  # 1970-01-01 .. 9999-12-31
MAX_OFFSET_HOURS = 14


def _blank(value: str | None) -> bool:
    return value is None or value.strip() == ""


def check_unix_time(value: str | None, field: str, *, required: bool = False) -> datetime | None:
    if _blank(value):
        if required:
            raise InvalidField(f"{field} is required (unix seconds)", [field])
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise InvalidField(f"{field} must be a unix timestamp in seconds", [field]) from None
    if not math.isfinite(seconds) or not EARLIEST <= seconds <= LATEST:
        raise InvalidField(f"{field} must be a unix timestamp in seconds", [field])
    return datetime.fromtimestamp(seconds, UTC)


def check_range(since: str | None, until: str | None, *, required: bool) -> tuple[datetime | None, datetime | None]:
    """since ≤ t < until. Optional ranges may leave either end open."""
    start = check_unix_time(since, "since", required=required)
    end = check_unix_time(until, "until", required=required)
    if start is not None and end is not None and end <= start:
        raise InvalidField("until must be later than since", ["until"])
    return start, end


def check_one_of(value: str | None, choices, field: str, *, default: str | None = None) -> str:
    if _blank(value):
        if default is not None:
            return default
        raise InvalidField(f"{field} is required: one of {', '.join(choices)}", [field])
    if value not in choices:
        raise InvalidField(f"{field} must be one of {', '.join(choices)}", [field])
    return value


def check_group_by(value: str | None) -> str:
    return check_one_of(value, PERIODS, "group_by", default="day")


def check_timezone_offset(value: str | None) -> int:
    """Hours east of UTC (5.5, -8), as Chatwoot's dashboard sends them; answered in whole seconds."""
    if _blank(value):
        return 0
    try:
        hours = float(value)
    except ValueError:
        raise InvalidField("timezone_offset must be a number of hours", ["timezone_offset"]) from None
    if not math.isfinite(hours) or abs(hours) > MAX_OFFSET_HOURS:
        raise InvalidField(
            f"timezone_offset must be between -{MAX_OFFSET_HOURS} and {MAX_OFFSET_HOURS} hours", ["timezone_offset"]
        )
    return round(hours * 3600)


def check_id(value: str | None, field: str, *, required: bool = False) -> int | None:
    if _blank(value):
        if required:
            raise InvalidField(f"{field} is required", [field])
        return None
    try:
        number = int(value)
    except ValueError:
        raise InvalidField(f"{field} must be a number", [field]) from None
    if not 0 < number < 2**31:
        raise InvalidField(f"{field} must be a number", [field])
    return number


def check_ids(values: list[str], field: str) -> list[int]:
    """Rails-style lists: `ids[]=1&ids[]=2`, `ids=1,2` or repeated `ids=1`."""
    parts = [part for value in values for part in value.split(",") if part.strip()]
    return list(dict.fromkeys(check_id(part.strip(), field) for part in parts))


def check_page(value: str | None) -> int:
    return check_id(value, "page") or 1


def check_flag(value: str | None, field: str) -> bool:
    """Rails' boolean cast: true, 1, t, on, yes (any case) are true; blank and the rest false."""
    if _blank(value):
        return False
    return value.strip().lower() in ("true", "1", "t", "on", "yes", "y")
