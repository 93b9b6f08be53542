"""The Reports page's range, from its query string: a preset (last 7 or 30 days) or chosen dates, and a grouping.

Dates are whole days in UTC, both ends included: `since=2026-03-02&until=2026-03-04` is three days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from chatlake.errors import InvalidField
from chatlake.queries.reports.periods import ReportPeriod
from chatlake.web.errors import DashboardError

PRESETS = {"7d": 7, "30d": 30}
GROUPINGS = (("day", "Day"), ("week", "Week"), ("month", "Month"))
# A chart of more bars than this is a smear; a coarser grouping reads better.
MAX_BARS = 400
EARLIEST = date(2000, 1, 1)
LATEST = date(9998, 12, 31)


@dataclass(frozen=True)
class ReportRange:
    preset: str  # "7d", "30d" or "custom"
    first_day: date
    last_day: date  # included
    group_by: str

    @property
    def since(self) -> datetime:
        return datetime.combine(self.first_day, time(), UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time(), UTC)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def period(self) -> ReportPeriod:
        return ReportPeriod(self.since, self.until, self.group_by)

    def query(self, **changes: str) -> dict[str, str]:
        """The query string of this range with some parameters changed (for links)."""
        values = {"range": self.preset, "group_by": self.group_by} | changes
        if values["range"] == "custom":
            values |= {"since": self.first_day.isoformat(), "until": self.last_day.isoformat()}
        return values


def _day(value: str, name: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise DashboardError(400, f"The {name} date must be a date such as 2026-03-02.") from None
    if not EARLIEST <= day <= LATEST:
        raise DashboardError(400, f"The {name} date must be between 2000 and 9998.")
    return day


def parse_report_range(params, today: date) -> ReportRange:
    """The range asked for; a bad value is a 400 page saying which one and why."""
    group_by = (params.get("group_by") or "day").strip()
    if group_by not in dict(GROUPINGS):
        raise DashboardError(400, "Group by must be day, week or month.")
    preset = (params.get("range") or "").strip()
    since, until = (params.get("since") or "").strip(), (params.get("until") or "").strip()
    if not preset:
        preset = "custom" if since or until else "7d"
    if preset in PRESETS:
        days = PRESETS[preset]
        chosen = ReportRange(preset, today - timedelta(days=days - 1), today, group_by)
    elif preset == "custom":
        if not since or not until:
            raise DashboardError(400, "Choose both a start date and an end date.")
        first_day, last_day = _day(since, "start"), _day(until, "end")
        if last_day < first_day:
            raise DashboardError(400, "The end date must be on or after the start date.")
        chosen = ReportRange("custom", first_day, last_day, group_by)
    else:
        raise DashboardError(400, "Range must be last 7 days, last 30 days or chosen dates.")
    try:
        too_many = len(chosen.period().starts()) > MAX_BARS
    except InvalidField:
        too_many = True
    if too_many:
        raise DashboardError(
            400,
            f"That range holds more than {MAX_BARS} {group_by}s: choose a shorter range or group by a longer period.",
        )
    return chosen
