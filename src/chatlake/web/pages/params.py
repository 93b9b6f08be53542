"""Query parameters typed by hand, so a mistyped URL gets a page saying so rather than a JSON 422."""

from __future__ import annotations

from chatlake.web.errors import DashboardError


def positive_int(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or int(value) < 1:
        raise DashboardError(400, f"{name} must be a whole number of 1 or more.")
    return int(value)
