"""The health checks behind `GET /health/checks` and the administrator's health page.

Each check answers ok or not with one line a person can act on. Any failed check makes the whole report
unhealthy (503 at /health/checks): an operator's monitor then sees that the installation cannot do its job,
even where the web process itself still answers (`/health` and `/health/ready` are the liveness and
readiness probes, api/health.py).
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import text

from chatlake.migrate import alembic_config
from chatlake.queries.health import database_heads, webhook_backlog, worker_heartbeats

CHECK_TIMEOUT_SECONDS = 3.0


@dataclass
class Check:
    ok: bool
    summary: str
    details: dict = field(default_factory=dict)


@dataclass
class HealthReport:
    checks: dict[str, Check]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks.values())

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.ok else "unhealthy",
            "checks": {name: {"ok": c.ok, "summary": c.summary, **c.details} for name, c in self.checks.items()},
        }


@cache
def code_heads() -> frozenset[str]:
    """The migration heads this code expects (read from the migration scripts once per process)."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


async def _database(runtime) -> Check:
    async with runtime.db.read_transaction() as session:
        await session.execute(text("SELECT 1"))
    return Check(True, "reachable")


async def _migrations(runtime) -> Check:
    async with runtime.db.read_transaction() as session:
        applied = await database_heads(session)
    expected = code_heads()
    if applied == expected:
        return Check(True, "current", {"heads": sorted(applied)})
    return Check(
        False,
        "the database schema is not the one this code expects: run `chatlake migrate`",
        {"heads": sorted(applied), "expected": sorted(expected)},
    )


async def _worker(runtime) -> Check:
    stale_after = runtime.settings.health_worker_stale_seconds
    async with runtime.db.read_transaction() as session:
        age, alive = await worker_heartbeats(session, stale_after)
    details = {"last_heartbeat_seconds_ago": None if age is None else round(age, 1), "workers": alive}
    if age is None:
        return Check(False, "no delivery worker is running: webhooks are not being sent", details)
    if age > stale_after:
        return Check(False, f"no delivery worker has reported for {int(age)} s: webhooks are not being sent", details)
    return Check(True, f"{alive} running, last heartbeat {age:.0f} s ago", details)


async def _backlog(runtime) -> Check:
    async with runtime.db.read_transaction() as session:
        backlog = await webhook_backlog(session)
    details = asdict(backlog)
    limit = runtime.settings.health_backlog_max_age_seconds
    age = backlog.oldest_due_age_seconds
    if age is not None:
        details["oldest_due_age_seconds"] = round(age, 1)
    summary = (
        f"{backlog.pending} pending, {backlog.failing_endpoints} endpoints failing, "
        f"{backlog.disabled_endpoints} disabled"
    )
    if age is not None and age > limit:
        return Check(False, f"a due delivery has waited {int(age)} s (limit {int(limit)} s); {summary}", details)
    return Check(True, summary, details)


async def _realtime(runtime) -> Check:
    backend = runtime.realtime.backend
    redis = getattr(backend, "_redis", None)
    if redis is None:
        return Check(True, "in memory (one process)", {"backend": "memory"})
    await redis.ping()
    return Check(True, "Redis reachable", {"backend": "redis"})


CHECKS = {
    "database": _database,
    "migrations": _migrations,
    "delivery_worker": _worker,
    "webhook_backlog": _backlog,
    "realtime": _realtime,
}


async def _guarded(check, runtime) -> Check:
    try:
        return await asyncio.wait_for(check(runtime), CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return Check(False, f"no answer within {CHECK_TIMEOUT_SECONDS:.0f} s")
    except Exception as exc:  # noqa: BLE001 - a broken dependency is what the report is for
        return Check(False, f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}")


async def health_report(runtime) -> HealthReport:
    results = await asyncio.gather(*(_guarded(check, runtime) for check in CHECKS.values()))
    return HealthReport(dict(zip(CHECKS, results, strict=True)))
