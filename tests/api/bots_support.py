"""Agent bots made through the API, and clients that act with a bot's token."""

from __future__ import annotations

import httpx

from tests.support import TestAccount

NOT_FOR_BOTS = {"error": "Access to this endpoint is not authorized for bots"}


def create_bot(admin: TestAccount, **fields) -> dict:
    r = admin.post("/agent_bots", {"name": fields.pop("name", "Helper Bot"), **fields})
    assert r.status_code == 200, r.text
    return r.json()


def connect(admin: TestAccount, inbox_id: int, bot_id: int | None) -> None:
    r = admin.post(f"/inboxes/{inbox_id}/set_agent_bot", {"agent_bot": bot_id})
    assert r.status_code == 204, r.text


def bot_client(admin: TestAccount, token: str) -> httpx.Client:
    return httpx.Client(base_url=admin.server.url, headers={"api_access_token": token}, timeout=30)
