"""An inbox's working week (Chatwoot's seven working_hours rows) and whether it is open at a moment.

Pure functions, used by the inbox presenter and the out-of-office reply alike.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = range(7)
DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
FIELDS = ("day_of_week", "closed_all_day", "open_all_day", "open_hour", "open_minutes", "close_hour", "close_minutes")


def day_row(day: int, opens: tuple[int, int] | None) -> dict:
    if opens is None:
        return {
            "day_of_week": day,
            "closed_all_day": True,
            "open_all_day": False,
            "open_hour": None,
            "open_minutes": None,
            "close_hour": None,
            "close_minutes": None,
        }
    return {
        "day_of_week": day,
        "closed_all_day": False,
        "open_all_day": False,
        "open_hour": opens[0],
        "open_minutes": 0,
        "close_hour": opens[1],
        "close_minutes": 0,
    }


# Chatwoot's week for a new inbox: Monday to Friday 9:00-17:00, weekends closed.
DEFAULT_WEEK = [day_row(day, None if day in (0, 6) else (9, 17)) for day in DAYS]


def week_of(inbox) -> list[dict]:
    """The inbox's week; one never set is Chatwoot's default week."""
    return [dict(row) for row in (inbox.working_hours or DEFAULT_WEEK)]


def local_moment(timezone: str | None, moment: datetime) -> datetime:
    try:
        zone = ZoneInfo(timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone)


def is_open(week: list[dict], timezone: str | None, moment: datetime) -> bool:
    """Whether the inbox works at `moment` (an aware datetime), read in its time zone."""
    local = local_moment(timezone, moment)
    day = (local.weekday() + 1) % 7  # Python's Monday = 0; Chatwoot's Sunday = 0
    row = next((r for r in week if r["day_of_week"] == day), None)
    if row is None or row["closed_all_day"]:
        return False
    if row["open_all_day"]:
        return True
    now = local.time()
    opens = time(row["open_hour"], row["open_minutes"] or 0)
    closes = time(row["close_hour"], row["close_minutes"] or 0)
    return opens <= now < closes
