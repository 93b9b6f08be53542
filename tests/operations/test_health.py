"""/health/checks says what is broken: it turns unhealthy when the worker stops, when a due delivery waits too long,
or when the schema is behind the code, and healthy again when that is repaired."""

from __future__ import annotations

import asyncio
import time

import httpx
from sqlalchemy import text, update

from chatlake.models import WebhookDelivery
from chatlake.models.base import utcnow
from tests.dashboard_support import Dashboard
from tests.platform.support import run_statement
from tests.support import LiveServer


def _health(server) -> httpx.Response:
    return httpx.get(f"{server.url}/health/checks", timeout=30)


def _until(server, healthy: bool, deadline: float = 10.0) -> dict:
    """The worker beats every 0.2 s here: wait (bounded) for the state a change must bring."""
    end = time.monotonic() + deadline
    while True:
        r = _health(server)
        if (r.status_code == 200) == healthy or time.monotonic() > end:
            return r.json()
        time.sleep(0.1)


def test_a_healthy_installation_says_so_check_by_check(ops_server):
    r = _until(ops_server, healthy=True)
    assert r["status"] == "ok", r
    assert set(r["checks"]) == {"database", "migrations", "delivery_worker", "webhook_backlog", "realtime"}
    assert all(check["ok"] for check in r["checks"].values())
    assert r["checks"]["delivery_worker"]["workers"] == 1
    assert r["checks"]["realtime"]["backend"] == "memory"
    assert httpx.get(f"{ops_server.url}/health").json()["status"] == "ok"  # liveness, unchanged


def test_stopping_the_worker_makes_it_unhealthy_and_starting_it_healthy_again(ops_server):
    runtime = ops_server.app.state.runtime
    assert _until(ops_server, healthy=True)["status"] == "ok"

    async def stop():
        runtime.worker.stop()
        await asyncio.wait_for(runtime._tasks.pop(), 10)

    ops_server.call(stop())
    r = _health(ops_server)  # a clean stop removes the worker's heartbeat at once
    assert r.status_code == 503 and r.headers["cache-control"] == "no-store"
    worker = r.json()["checks"]["delivery_worker"]
    assert worker["ok"] is False and "no delivery worker is running" in worker["summary"]
    assert r.json()["checks"]["database"]["ok"] is True  # only what is broken is reported broken

    async def start():
        runtime.worker._stopping = False
        runtime.start_worker()

    ops_server.call(start())
    assert _until(ops_server, healthy=True)["status"] == "ok"


def test_a_worker_that_died_goes_stale(ops_server):
    """A killed worker cannot remove its heartbeat: it is reported once the beat is older than the limit."""
    assert _until(ops_server, healthy=True)["status"] == "ok"
    runtime = ops_server.app.state.runtime

    async def freeze():
        runtime.worker.stop()
        task = runtime._tasks.pop()
        task.cancel()  # no clean exit path runs beyond the finally, so restore the row as a dead worker leaves it
        await asyncio.gather(task, return_exceptions=True)

    ops_server.call(freeze())
    run_statement(
        ops_server,
        text("INSERT INTO process_heartbeats (name, beat_at) VALUES ('delivery-worker:dead:1:x', :at)").bindparams(
            at=utcnow()
        ),
    )
    assert _until(ops_server, healthy=False)["checks"]["delivery_worker"]["summary"].startswith(
        "no delivery worker has reported for"
    )
    run_statement(ops_server, text("DELETE FROM process_heartbeats WHERE name = 'delivery-worker:dead:1:x'"))

    async def start():
        runtime.worker._stopping = False
        runtime.start_worker()

    ops_server.call(start())
    assert _until(ops_server, healthy=True)["status"] == "ok"


def test_an_old_due_delivery_makes_it_unhealthy_until_it_is_delivered(ops_server, receiver):
    admin = ops_server.bootstrap()
    receiver.stall_next = 1  # the first delivery hangs at the receiver: due, leased, not sent
    inbox = admin.create_api_inbox(f"http://127.0.0.1:{receiver.httpd.server_address[1]}/hook")
    admin.create_conversation(inbox["id"])
    assert receiver.stalled.wait(10)
    # Its event is older than the limit (30 s here): a delivery that waited so long means deliveries stall.
    run_statement(
        ops_server,
        update(WebhookDelivery)
        .where(WebhookDelivery.account_id == admin.account_id)
        .values(created_at=utcnow().replace(year=utcnow().year - 1)),
    )
    r = _health(ops_server)
    assert r.status_code == 503
    backlog = r.json()["checks"]["webhook_backlog"]
    assert backlog["ok"] is False and backlog["pending"] >= 1 and backlog["oldest_due_age_seconds"] > 30
    assert "a due delivery has waited" in backlog["summary"]

    receiver.release.set()  # the receiver answers; the worker sends the rest
    r = _until(ops_server, healthy=True)
    assert r["status"] == "ok" and r["checks"]["webhook_backlog"]["pending"] == 0, r
    admin.client.close()


def test_a_schema_behind_the_code_is_reported(ops_server):
    assert _until(ops_server, healthy=True)["status"] == "ok"
    heads = _health(ops_server).json()["checks"]["migrations"]["heads"]
    run_statement(
        ops_server,
        text("UPDATE alembic_version SET version_num = 'd2d2d2d20011' WHERE version_num = :v").bindparams(v=heads[-1]),
    )
    try:
        r = _health(ops_server)
        assert r.status_code == 503
        assert "run `chatlake migrate`" in r.json()["checks"]["migrations"]["summary"]
    finally:
        run_statement(
            ops_server,
            text("UPDATE alembic_version SET version_num = :v WHERE version_num = 'd2d2d2d20011'").bindparams(
                v=heads[-1]
            ),
        )
    assert _until(ops_server, healthy=True)["status"] == "ok"


def test_the_administrators_health_page_shows_the_checks_and_this_accounts_failing_endpoints(ops_server, receiver):
    admin, other = ops_server.bootstrap(), ops_server.bootstrap("Other Co")
    receiver.fail_next = 10_000  # every delivery to it fails and is retried
    hook = f"http://127.0.0.1:{receiver.httpd.server_address[1]}/failing-hook"
    inbox = admin.create_api_inbox(hook)
    admin.create_conversation(inbox["id"])
    other_inbox = other.create_api_inbox(hook + "-other")
    other.create_conversation(other_inbox["id"])

    page = Dashboard(ops_server.url)
    assert page.sign_in(admin.email, admin.password).status_code == 303
    deadline = time.monotonic() + 10
    while True:  # the first failed attempt is what makes the endpoint "failing"
        r = page.get("/app/settings/health")
        if "failing-hook" in r.text or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert r.status_code == 200
    assert 'data-check="delivery_worker"' in r.text and "Delivery worker" in r.text
    assert "Failing (" in r.text and hook in r.text
    assert hook + "-other" not in r.text  # another account's endpoint is never shown
    page.close()
    receiver.fail_next = 0
    admin.client.close()
    other.client.close()


def test_the_page_is_for_administrators(ops_server):
    page = Dashboard(ops_server.url)
    assert page.get("/app/settings/health", follow_redirects=False).status_code in (302, 303)
    page.close()


def test_an_unreachable_database_is_reported_while_liveness_still_answers(settings):
    """A process whose database is down: /health/checks says so (503); liveness (/health) still answers."""
    broken = settings.model_copy(
        update={
            "database_url": "postgresql+asyncpg://nobody@127.0.0.1:1/none",
            "run_worker": False,
        }
    )
    live = LiveServer(broken).start()
    try:
        r = httpx.get(f"{live.url}/health/checks", timeout=30)
        assert r.status_code == 503
        checks = r.json()["checks"]
        assert checks["database"]["ok"] is False and checks["database"]["summary"].startswith("failed")
        assert checks["migrations"]["ok"] is False
        assert checks["delivery_worker"]["ok"] is False
        assert "nobody@" not in r.text  # no connection string in a public answer
        assert httpx.get(f"{live.url}/health", timeout=30).status_code == 200  # liveness does not need it
    finally:
        live.stop()
