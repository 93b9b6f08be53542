"""Seconds as people read them: "45 s", "12 min", "1 h 5 min", "2 d 3 h"."""

from __future__ import annotations

MINUTE, HOUR, DAY = 60, 3600, 86400


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    total = round(seconds)
    if total < MINUTE:
        return f"{total} s"
    if total < HOUR:
        return f"{round(total / MINUTE)} min" if total < HOUR - 30 else "1 h"
    if total < DAY:
        hours, rest = divmod(total, HOUR)
        minutes = round(rest / MINUTE)
        if minutes == 60:
            hours, minutes = hours + 1, 0
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, rest = divmod(total, DAY)
    hours = round(rest / HOUR)
    if hours == 24:
        days, hours = days + 1, 0
    return f"{days} d {hours} h" if hours else f"{days} d"
