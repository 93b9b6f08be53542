from __future__ import annotations

from datetime import datetime


def unix(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def unix_float(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")
