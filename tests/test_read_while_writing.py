"""Reads are never held up by a writer's open transaction (SQLite takes its write lock only for writes)."""

from __future__ import annotations

import asyncio
import time

import httpx
from sqlalchemy import text


def test_a_get_answers_while_another_transaction_holds_the_write_lock(server, account):
    holding = asyncio.Event()
    release = asyncio.Event()

    async def hold_write_transaction():
        async with server.app.state.runtime.db.transaction() as session:
            await session.execute(text("UPDATE accounts SET name = name WHERE id = :id"), {"id": account.account_id})
            holding.set()
            await release.wait()

    future = asyncio.run_coroutine_threadsafe(hold_write_transaction(), server.loop)
    server.call(holding.wait())
    try:
        started = time.monotonic()
        r = httpx.get(f"{server.url}/api/v1/profile", headers={"api_access_token": account.token}, timeout=20)
        waited = time.monotonic() - started
    finally:
        server.loop.call_soon_threadsafe(release.set)
        future.result(20)
    assert r.status_code == 200
    assert waited < 5  # the lock's busy timeout is 10 s: this did not wait for it
