"""`GET /health` (every check; 503 when one fails) and `GET /health/live` (this process answers)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from chatlake.api.responses import JSON
from chatlake.operations.health import health_report

router = APIRouter(include_in_schema=False)


@router.get("/health")
async def health(request: Request) -> JSON:
    report = await health_report(request.app.state.runtime)
    # Never cached: a monitor must see the state now.
    return JSON(report.as_json(), status_code=200 if report.ok else 503, headers={"Cache-Control": "no-store"})


@router.get("/health/live")
async def live() -> dict:
    return {"status": "ok"}
