"""Shared helpers of the inbox-operations tests (macros, bulk actions, participants, assignment, hours)."""

from __future__ import annotations

from tests.api.members import Members, call
from tests.support import TestAccount


def show(account: TestAccount, number: int) -> dict:
    r = account.get(f"/conversations/{number}")
    assert r.status_code == 200, r.text
    return r.json()


def messages(account: TestAccount, number: int) -> list[dict]:
    r = account.get(f"/conversations/{number}/messages")
    assert r.status_code == 200, r.text
    return r.json()["payload"]


def contents(account: TestAccount, number: int, **match) -> list[str]:
    return [m["content"] for m in messages(account, number) if all(m.get(key) == value for key, value in match.items())]


def assignee_id(conversation: dict) -> int | None:
    assignee = conversation["meta"].get("assignee")
    return assignee["id"] if assignee else None


def add_to_inbox(account: TestAccount, inbox_id: int, *user_ids: int) -> None:
    r = account.post("/inbox_members", {"inbox_id": inbox_id, "user_ids": list(user_ids)})
    assert r.status_code == 200, r.text


__all__ = ["Members", "call", "show", "messages", "contents", "assignee_id", "add_to_inbox"]
