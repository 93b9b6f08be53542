"""Health checks: liveness answers without the database; readiness says whether the database answers."""

from __future__ import annotations

import asyncio
import os

import httpx

from chatlake.app import create_app
from chatlake.config import Settings


def test_liveness_and_readiness_of_a_running_server(server):
    live = httpx.get(f"{server.url}/health")
    assert live.status_code == 200
    assert live.json() == {"status": "ok", "pid": os.getpid()}  # the test server runs in this process
    assert live.headers["cache-control"] == "no-store"
    ready = httpx.get(f"{server.url}/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "pid": os.getpid()}


def test_readiness_fails_when_the_database_is_unreachable(tmp_path):
    settings = Settings(
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        data_dir=tmp_path,
        secret_key="test-secret-key-not-for-production",
    )
    app = create_app(settings, run_worker=False)

    async def ask() -> tuple[httpx.Response, httpx.Response]:
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
                return await client.get("/health"), await client.get("/health/ready")
        finally:
            await app.state.runtime.close()

    live, ready = asyncio.run(ask())
    assert live.status_code == 200  # the process itself is fine: an orchestrator must not restart it
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "unreachable", "pid": os.getpid()}
