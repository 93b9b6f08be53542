"""How conversations and contacts store their label sets: ",a,b,", so one LIKE '%,label,%' finds a whole label."""

from __future__ import annotations


def stored_labels(labels: list[str]) -> str:
    return f",{','.join(labels)}," if labels else ""


def parse_stored_labels(stored: str | None) -> list[str]:
    return [label for label in (stored or "").split(",") if label]
