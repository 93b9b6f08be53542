"""A report's time range and how it is cut into local periods (hour, day, week from Monday, month, year)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chatlake.errors import InvalidField
from chatlake.queries.reports.sql import PERIOD_START_FORMAT

# Enough for ten years of days or a year of hours; more is not a chart anyone reads.
MAX_PERIODS = 3700


def _truncate(local: datetime, period: str) -> datetime:
    local = local.replace(minute=0, second=0, microsecond=0)
    if period == "hour":
        return local
    local = local.replace(hour=0)
    if period == "week":
        return local - timedelta(days=local.weekday())
    if period == "month":
        return local.replace(day=1)
    if period == "year":
        return local.replace(month=1, day=1)
    return local


def _advance(local: datetime, period: str) -> datetime:
    if period == "hour":
        return local + timedelta(hours=1)
    if period == "day":
        return local + timedelta(days=1)
    if period == "week":
        return local + timedelta(days=7)
    if period == "month":
        return local.replace(year=local.year + local.month // 12, month=local.month % 12 + 1)
    return local.replace(year=local.year + 1)


def within(column, since: datetime | None, until: datetime | None) -> list:
    """since ≤ column < until; a missing end leaves that side open."""
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


@dataclass(frozen=True)
class ReportPeriod:
    """since ≤ t < until, cut into `group_by` periods at a fixed offset east of UTC."""

    since: datetime
    until: datetime
    group_by: str = "day"
    offset_seconds: int = 0

    def _local(self, moment: datetime) -> datetime:
        return (moment + timedelta(seconds=self.offset_seconds)).replace(tzinfo=None)

    def starts(self) -> list[str]:
        """The local start of every period that overlaps the range, as period_start() writes them."""
        local, end = _truncate(self._local(self.since), self.group_by), self._local(self.until)
        starts = []
        while local < end:
            starts.append(local.strftime(PERIOD_START_FORMAT))
            if len(starts) > MAX_PERIODS:
                raise InvalidField(
                    f"the range holds more than {MAX_PERIODS} periods of a {self.group_by}", ["group_by"]
                )
            local = _advance(local, self.group_by)
        return starts

    def timestamp(self, start: str) -> int:
        """Unix seconds of a period's local start (what Chatwoot's time series call `timestamp`)."""
        local = datetime.strptime(start, PERIOD_START_FORMAT).replace(tzinfo=UTC)
        return int(local.timestamp()) - self.offset_seconds
