"""The few SQL expressions that differ between SQLite and PostgreSQL: unix seconds and local period starts."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, cast, extract, func, literal, literal_column
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

PERIODS = ("hour", "day", "week", "month", "year")
# What period_start() returns, and what periods.py enumerates: the local start, as text.
PERIOD_START_FORMAT = "%Y-%m-%d %H:%M:%S"

_SQLITE_FORMATS = {
    "hour": "%Y-%m-%d %H:00:00",
    "day": "%Y-%m-%d 00:00:00",
    "week": "%Y-%m-%d 00:00:00",
    "month": "%Y-%m-01 00:00:00",
    "year": "%Y-01-01 00:00:00",
}


def dialect_of(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def epoch_seconds(dialect: str, expr) -> ColumnElement:
    """Whole unix seconds of a stored UTC datetime (truncated, as Chatwoot's `to_i`)."""
    if dialect == "sqlite":
        return cast(func.strftime("%s", expr), Integer)
    return cast(func.floor(extract("epoch", expr)), BigInteger)


def period_start(dialect: str, expr, period: str, offset_seconds: int) -> ColumnElement:
    """The start of the local period (at a fixed UTC offset) holding a stored UTC datetime, as
    'YYYY-MM-DD HH:MM:SS' local time; weeks start on Monday. The offset is a bound parameter."""
    if period not in PERIODS:
        raise ValueError(period)
    if dialect == "sqlite":
        args = [_SQLITE_FORMATS[period], expr, literal(f"{offset_seconds:+d} seconds")]
        if period == "week":
            # Forward to the week's Sunday (or stay on it), then back to its Monday.
            args += ["weekday 0", "-6 days"]
        return func.strftime(*args)
    local = func.timezone("UTC", expr) + cast(literal(offset_seconds), Integer) * literal_column("INTERVAL '1 second'")
    # `period` is one of PERIODS (checked above), never the caller's text.
    return func.to_char(func.date_trunc(literal_column(f"'{period}'"), local), "YYYY-MM-DD HH24:MI:SS")
