"""Health checks for load balancers and orchestrators (no authentication, nothing about any account).

`/health` says this web process answers (liveness: restart it if not). `/health/ready` also says it can
reach its database (readiness: send it traffic only if so); a database outage makes every process unready
at once, which is why liveness must not depend on it. Both name the process (`pid`), so an operator, or a
test, can tell which of several web processes on one port answered.
"""

from __future__ import annotations

import asyncio
import logging
import os

from fastapi import APIRouter, Request
from sqlalchemy import text

from chatlake.api.responses import JSON

log = logging.getLogger("chatlake.health")
router = APIRouter()

READY_TIMEOUT_SECONDS = 2.0


@router.get("/health", include_in_schema=False)
async def health() -> JSON:
    return JSON({"status": "ok", "pid": os.getpid()}, headers={"Cache-Control": "no-store"})


@router.get("/health/ready", include_in_schema=False)
async def ready(request: Request) -> JSON:
    db = request.app.state.runtime.db
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), db.read_transaction() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to answer is "not ready"; the reason goes to the log
        log.warning("readiness check: database unreachable: %r", exc)
        return JSON(
            {"status": "unavailable", "database": "unreachable", "pid": os.getpid()},
            status_code=503,
            headers={"Cache-Control": "no-store"},
        )
    return JSON({"status": "ok", "database": "ok", "pid": os.getpid()}, headers={"Cache-Control": "no-store"})
