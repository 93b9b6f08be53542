"""The delivery worker works in batches: a round of many deliveries costs a few statements, not a few each.

These tests drive the real worker of a live server that runs none by itself (fresh database, in-process
uvicorn), one round at a time, so what a round costs can be counted exactly. Deliveries go to real
HTTP servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

import orjson
import pytest
from sqlalchemy import event

from tests.conftest import make_settings, postgres_url
from tests.processes import fresh_database_url
from tests.support import LiveServer, wait_until
from tests.webhooks.local_servers import LocalServer, reply

WORKER_TASK = "delivery-worker-under-test"


@pytest.fixture(scope="module")
def quiet_server(db_kind, data_dir):
    """A live server on a database of its own whose worker only runs when a test says so."""
    from chatlake import crypto
    from chatlake.db import create_engine
    from chatlake.migrate import upgrade_to_head

    settings = make_settings(db_kind, data_dir, fresh_database_url(db_kind, postgres_url(), data_dir))
    settings = settings.model_copy(update={"run_worker": False})

    async def migrate():
        crypto.configure(settings.secret_key)
        engine = create_engine(settings)
        await upgrade_to_head(engine)
        await engine.dispose()

    asyncio.run(migrate())
    live = LiveServer(settings).start()
    yield live
    live.stop()


class RoundCounter:
    """Statements and commits the worker's rounds run (other tasks of the server are not counted)."""

    def __init__(self, server: LiveServer) -> None:
        # SQLite reads go through an engine of their own: count on every engine the database has.
        self.engines = [engine.sync_engine for engine in server.app.state.runtime.db.engines]
        self.statements: list[str] = []
        self.commits = 0
        self._lock = threading.Lock()

    @staticmethod
    def _ours() -> bool:
        with contextlib.suppress(RuntimeError):
            task = asyncio.current_task()
            return task is not None and task.get_name() == WORKER_TASK
        return False

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):
        if self._ours() and not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA")):
            with self._lock:
                self.statements.append(statement)

    def _on_commit(self, conn):
        if self._ours():
            with self._lock:
                self.commits += 1

    @contextlib.contextmanager
    def counting(self):
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._on_execute)
            event.listen(engine, "commit", self._on_commit)
        try:
            yield self
        finally:
            for engine in self.engines:
                event.remove(engine, "before_cursor_execute", self._on_execute)
                event.remove(engine, "commit", self._on_commit)

    def writes(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def worker_round(server: LiveServer, settle: bool = False, poll: bool = False) -> int:
    """One round of the server's worker (record what finished, claim and start runs), on its loop."""
    worker = server.app.state.runtime.worker

    async def go() -> int:
        asyncio.current_task().set_name(WORKER_TASK)
        claimed = await worker.run_once(poll=poll)
        if settle:
            await worker.settle()
        return claimed

    return server.call(go())


def delivered_messages(receiver: LocalServer) -> dict[int, list[int]]:
    """message_created ids the receiver accepted, per conversation, in arrival order."""
    got: dict[int, list[int]] = {}
    for seen in receiver.seen:
        body = orjson.loads(seen.body)
        if body["event"] == "message_created":
            got.setdefault(body["conversation"]["id"], []).append(body["id"])
    return got


def test_a_backlog_is_claimed_in_one_round_and_recorded_in_one_statement(quiet_server):
    account = quiet_server.bootstrap()
    counter = RoundCounter(quiet_server)
    with LocalServer() as receiver:
        inbox = account.create_api_inbox(webhook_url=receiver.url("/hook"))
        conversations = [account.create_conversation(inbox["id"])["id"] for _ in range(8)]
        sent = {c: [account.create_message(c, f"m{i}")["id"] for i in range(6)] for c in conversations}

        with counter.counting():
            claimed = worker_round(quiet_server, settle=True, poll=True)
            claim_statements = len(counter.statements)
            assert worker_round(quiet_server) == 0  # records, claims nothing new
        assert len(receiver.seen) == claimed == 8 + 8 * 6

    # Claim: find heads, read the runs, lease them; then one read of bodies and secrets. Recording:
    # the 56 successes are one UPDATE.
    assert claim_statements <= 7, counter.statements
    assert counter.commits == 3  # claim, read, record
    assert len(counter.writes()) == 2, counter.writes()  # the lease, the outcomes
    assert delivered_messages(receiver) == sent
    # Eight keys, sent concurrently over kept-alive connections: far fewer connections than requests.
    assert len({seen.client_port for seen in receiver.seen}) <= 8
    log = account.get(f"/inboxes/{inbox['id']}/webhook_deliveries").json()["payload"]
    assert log and all(
        d["status"] == "delivered" and d["attempts"] == 1 and d["last_response_code"] == 200 for d in log
    )
    assert all(isinstance(d["last_latency_ms"], int) and d["last_error"] is None for d in log)


def test_a_run_stops_at_a_failure_and_its_key_resumes_in_order_after_the_retry(quiet_server):
    account = quiet_server.bootstrap()
    failures = {"left": 1}

    def respond(handler):
        failing = failures["left"] > 0 and orjson.loads(handler.request_body).get("content") == "a2"
        if failing:
            failures["left"] -= 1
        reply(500 if failing else 200)(handler)

    with LocalServer(respond) as receiver:
        inbox = account.create_api_inbox(webhook_url=receiver.url("/hook"))
        failing_conversation, other = (account.create_conversation(inbox["id"])["id"] for _ in range(2))
        sent = {
            c: [account.create_message(c, f"{prefix}{i}")["id"] for i in range(5)]
            for c, prefix in ((failing_conversation, "a"), (other, "b"))
        }

        worker_round(quiet_server, settle=True, poll=True)
        worker_round(quiet_server)  # records: a0, a1 delivered, a2 failed, a3 and a4 released
        log = {d["id"]: d for d in account.get(f"/inboxes/{inbox['id']}/webhook_deliveries").json()["payload"]}
        failed = [d for d in log.values() if d["attempts"] == 1 and d["status"] == "pending"]
        assert len(failed) == 1 and failed[0]["last_response_code"] == 500 and failed[0]["last_error"] == "HTTP 500"
        # The two after it were not sent, and are not held by a lease: they wait behind the retry only.
        untouched = [d for d in log.values() if d["attempts"] == 0]
        assert len(untouched) == 2 and all(d["status"] == "pending" for d in untouched)
        assert delivered_messages(receiver)[other] == sent[other]

        # The retry falls due within the test settings' backoff; then the key resumes where it stopped.
        wait_until(lambda: worker_round(quiet_server, settle=True, poll=True) > 0, timeout=10)
        worker_round(quiet_server)

    attempts = [orjson.loads(s.body) for s in receiver.seen]
    of_failing = [
        a["id"] for a in attempts if a["event"] == "message_created" and a["conversation"]["id"] == failing_conversation
    ]
    ids = sent[failing_conversation]
    assert of_failing == ids[:3] + ids[2:]  # a2 twice (failed, then retried), and nothing overtook it
    log = account.get(f"/inboxes/{inbox['id']}/webhook_deliveries").json()["payload"]
    assert all(d["status"] == "delivered" for d in log)
    assert sorted(d["attempts"] for d in log) == [1] * (len(log) - 1) + [2]
