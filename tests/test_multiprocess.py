"""Several processes on one database: `chatlake serve --workers 2` (two web processes on one port, Redis between
them) and two standalone `chatlake worker` processes.

Messages posted concurrently through both web processes are each stored once, reach a dashboard's websocket once
whichever process served the POST, and reach the inbox's webhook at least once, in order per conversation, with no
second delivery of any message. A web process that dies is replaced; SIGTERM to `serve` stops every process it started.
"""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import sys
import threading
import time
import uuid

import httpx
import pytest

from tests.conftest import postgres_url
from tests.processes import (
    ServerProcess,
    WorkerProcess,
    bootstrap,
    chatlake_env,
    child_pids,
    fresh_database_url,
    is_running,
    run_cli,
)
from tests.realtime.cable import Cable
from tests.support import WebhookReceiver, wait_until

REDIS_URL = "redis://127.0.0.1:6379/0"
WEB_PROCESSES = 2
# (conversations, messages per conversation). SQLite: fewer, as four processes take turns at one file's write lock.
LOAD = {"postgres": (8, 25), "sqlite": (4, 12)}
CONNECTIONS_PER_PROCESS = 2
# For everything after start-up: it took 10 to 45 s on a 2-core machine shared with other work (load average 7 to
# 17), where posting alone once took 50 s.
DEADLINE_SECONDS = 90
# Start-up of `serve` (the parent, then two web processes, each importing the whole app): seconds on a quiet
# machine, over a minute on a saturated one.
START_TIMEOUT_SECONDS = 120


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _sql(database_url: str, statement: str, **params) -> list[tuple]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def go():
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as conn:
                return [tuple(row) for row in await conn.execute(text(statement), params)]
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _web_pids(url: str, count: int, exclude: frozenset[int] = frozenset()) -> set[int]:
    """Pids answering on the shared port, asked over fresh connections until `count` new ones have answered."""
    # No keep-alive: every request is a new connection, for which the kernel picks a process.
    with httpx.Client(timeout=5, limits=httpx.Limits(max_keepalive_connections=0)) as fresh:

        def seen() -> set[int] | None:
            pids = {fresh.get(f"{url}/health").json()["pid"] for _ in range(4 * count)} - exclude
            return pids if len(pids) >= count else None

        return wait_until(seen, timeout=START_TIMEOUT_SECONDS, interval=0.2)


class Phases:
    """Prints how long each step took (pytest shows it when the test fails: was it slow, or stuck?)."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def done(self, name: str) -> None:
        now = time.monotonic()
        print(f"{now - self.last:6.2f} s  {name}", flush=True)
        self.last = now


@pytest.fixture
def fleet(db_kind, data_dir, tmp_path):
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    database_url = fresh_database_url(db_kind, postgres_url(), data_dir)
    env = chatlake_env(
        database_url,
        data_dir,
        CHATLAKE_REDIS_URL=REDIS_URL,
        CHATLAKE_REDIS_PREFIX=f"chatlake-test-{uuid.uuid4().hex}",
        # No periodic database look: an event reaches the other process's websocket only through Redis.
        CHATLAKE_REALTIME_POLL_SECONDS="3600",
    )
    phases = Phases()
    ids = bootstrap(env)  # migrates once, as `chatlake migrate` would before a release
    # Migrated already: the processes only check the schema, as in a fleet after `chatlake migrate`.
    # Delivery by the two standalone workers only (`serve`'s own delivery worker has a test of its own).
    server = ServerProcess(
        env,
        with_worker=False,
        extra_args=("--workers", str(WEB_PROCESSES), "--no-migrate"),
        log_path=tmp_path / "serve.log",
    )
    workers: list[WorkerProcess] = []
    try:
        # One after the other: five Python processes importing at once on a busy machine slow each other down.
        server.start(timeout=START_TIMEOUT_SECONDS)
        workers = [WorkerProcess(env, ("--no-migrate",)) for _ in range(2)]  # awaited through their deliveries
        phases.done("bootstrap and start-up")
        yield server, workers, ids, database_url
    finally:
        server.stop()
        for worker in workers:
            worker.stop()


class SocketListener(threading.Thread):
    """Reads a dashboard's websocket until every expected message id has arrived (and keeps what else came)."""

    def __init__(self, cable: Cable, deadline: float) -> None:
        super().__init__(daemon=True)
        self.cable = cable
        self.deadline = deadline
        self.expected: set[int] | None = None
        self.messages: list[dict] = []
        self.error: BaseException | None = None

    def expect(self, message_ids: set[int]) -> None:
        self.expected = message_ids

    def _done(self) -> bool:
        return self.expected is not None and self.expected <= {m["id"] for m in self.messages}

    def run(self) -> None:
        try:
            while not self._done():
                if time.monotonic() > self.deadline:
                    raise TimeoutError("not every message reached the websocket in time")
                try:
                    message = self.cable.message(timeout=1.0)
                except TimeoutError:
                    continue  # a quiet second while the load is still being sent
                if message["event"] == "message.created":
                    self.messages.append(message["data"])
        except BaseException as exc:  # noqa: BLE001 - reported by the test's thread
            self.error = exc


async def _pinned_clients(url: str, token: str, web_pids: set[int]) -> dict[int, list[tuple[httpx.AsyncClient, int]]]:
    """Clients of one kept-alive connection each, grouped by the web process that accepted the connection.
    Each is returned with its local port, by which a response tells which process served it."""
    clients: dict[int, list[tuple[httpx.AsyncClient, int]]] = {pid: [] for pid in web_pids}
    for _ in range(50):
        if all(len(group) >= CONNECTIONS_PER_PROCESS for group in clients.values()):
            return clients
        client = httpx.AsyncClient(
            base_url=url,
            headers={"api_access_token": token},
            timeout=30,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        )
        r = await client.get("/health")
        pid = r.json()["pid"]
        if len(clients[pid]) < CONNECTIONS_PER_PROCESS:
            clients[pid].append((client, _local_port(r)))
        else:
            await client.aclose()
    raise AssertionError(f"connections did not reach every web process: {clients}")


def _local_port(response: httpx.Response) -> int:
    return response.extensions["network_stream"].get_extra_info("client_addr")[1]


async def _post_all(url, token, account_id, web_pids, conversations, per_conversation):
    """Each conversation's messages in order, one after another, alternating between the web processes;
    the conversations at once. Returns the acknowledged messages per conversation and who served each."""
    clients = await _pinned_clients(url, token, web_pids)
    pids = sorted(web_pids)
    port_to_pid = {port: pid for pid, group in clients.items() for _, port in group}
    acked: dict[int, list[tuple[int, str]]] = {c: [] for c in conversations}
    served_by: collections.Counter[int | None] = collections.Counter()

    async def post(conversation_id: int, pid: int, slot: int, content: str) -> None:
        client, _ = clients[pid][slot % CONNECTIONS_PER_PROCESS]
        r = await client.post(
            f"/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages",
            json={"content": content, "message_type": "incoming"},
        )
        assert r.status_code == 200, r.text
        acked[conversation_id].append((r.json()["id"], content))
        port = _local_port(r)
        if port not in port_to_pid:  # the server closed the idle connection and httpx opened another: ask it
            again = await client.get("/health")
            if _local_port(again) == port:
                port_to_pid[port] = again.json()["pid"]
        served_by[port_to_pid.get(port)] += 1

    async def conversation_chain(index: int, conversation_id: int) -> None:
        for n in range(per_conversation):
            await post(conversation_id, pids[(index + n) % len(pids)], index, f"mp-{conversation_id}-{n}")

    try:
        await asyncio.gather(*(conversation_chain(i, c) for i, c in enumerate(conversations)))
        # Last, one more message through each process: the websocket check waits for these too.
        for pid in pids:
            await post(conversations[0], pid, 0, f"mp-last-via-{pid}")
    finally:
        for group in clients.values():
            for client, _ in group:
                await client.aclose()
    return acked, served_by


@pytest.mark.timeout(300)  # start-up (bootstrap, serve, replacing a web process) plus the deadline, when busy
def test_two_web_processes_and_two_workers_lose_and_double_nothing(fleet, db_kind):
    server, workers, ids, database_url = fleet
    # Everything after start-up (each start is bounded on its own) happens before this deadline.
    deadline = time.monotonic() + DEADLINE_SECONDS
    phases = Phases()
    account_id, token = ids["account_id"], ids["api_access_token"]
    parent = server.proc.pid

    # Two web processes answer on the one port, both children of `serve`.
    web_pids = _web_pids(server.url, WEB_PROCESSES)
    assert len(web_pids) == WEB_PROCESSES
    assert web_pids <= child_pids(parent)

    phases.done("web processes up")
    receiver = WebhookReceiver()
    api = httpx.Client(base_url=f"{server.url}/api/v1/accounts/{account_id}", headers={"api_access_token": token})
    try:
        inbox = api.post("/inboxes", json={"name": "API", "channel": {"type": "api", "webhook_url": receiver.url}})
        assert inbox.status_code == 200, inbox.text
        inbox_id = inbox.json()["id"]
        count, per_conversation = LOAD[db_kind]
        conversations = []
        for n in range(count):
            contact = api.post("/contacts", json={"name": f"Customer {n}", "inbox_id": inbox_id}).json()["payload"]
            body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox_id}
            conversations.append(api.post("/conversations", json=body).json()["id"])
        pubsub = api.get(f"{server.url}/api/v1/profile").json()["pubsub_token"]

        phases.done("inbox and conversations")
        with Cable(server.url) as cable:
            cable.subscribe(pubsub_token=pubsub, account_id=account_id, user_id=ids["user_id"])
            listener = SocketListener(cable, deadline)
            listener.start()
            acked, served_by = asyncio.run(
                _post_all(server.url, token, account_id, web_pids, conversations, per_conversation)
            )
            phases.done("messages posted")
            posted = {message_id: content for chain in acked.values() for message_id, content in chain}
            assert len(posted) == count * per_conversation + WEB_PROCESSES
            listener.expect(set(posted))
            listener.join(max(0.1, deadline - time.monotonic()))
            assert not listener.is_alive() and listener.error is None, listener.error
        phases.done("websocket received all")
        # Both web processes served POSTs (the rest is whichever served each one).
        assert all(served_by[pid] >= per_conversation for pid in web_pids), served_by

        # Stored exactly once: the rows are exactly the acknowledged messages.
        rows = _sql(
            database_url,
            "SELECT id, content FROM messages WHERE account_id = :account AND content LIKE 'mp-%'",
            account=account_id,
        )
        assert sorted(rows) == sorted(posted.items())

        # The websocket: each message exactly once, whichever process served its POST.
        pushed = collections.Counter(m["id"] for m in listener.messages if m["content"].startswith("mp-"))
        assert set(pushed) == set(posted)
        assert max(pushed.values()) == 1, [m for m, n in pushed.items() if n > 1]

        # Webhooks: every message at least once; once each when de-duplicated by delivery id; in order.
        def delivered_all() -> bool:
            ours = {r.json["id"] for r in list(receiver.attempts) if r.json.get("event") == "message_created"}
            return set(posted) <= ours

        wait_until(delivered_all, timeout=max(0.1, deadline - time.monotonic()), interval=0.1)
        # Nothing left to send: any second delivery of a message would have been sent by now.
        pending_sql = "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"
        wait_until(
            lambda: _sql(database_url, pending_sql)[0][0] == 0,
            timeout=max(0.1, deadline - time.monotonic()),
            interval=0.2,
        )
        phases.done("webhooks delivered")
        first_arrival: dict[str, dict] = {}
        for attempt in list(receiver.attempts):
            if attempt.json.get("event") == "message_created":
                first_arrival.setdefault(attempt.headers["x-chatlake-delivery"], attempt.json)
        per_message = collections.Counter(body["id"] for body in first_arrival.values())
        assert set(per_message) == set(posted)
        assert max(per_message.values()) == 1, [m for m, n in per_message.items() if n > 1]
        arrived_order: dict[int, list[int]] = collections.defaultdict(list)
        for body in first_arrival.values():
            arrived_order[body["conversation"]["id"]].append(body["id"])
        assert arrived_order == {c: [message_id for message_id, _ in chain] for c, chain in acked.items()}
    finally:
        api.close()
        receiver.close()

    # A web process that dies is replaced.
    killed = min(web_pids)
    os.kill(killed, signal.SIGKILL)
    replacement = _web_pids(server.url, 1, exclude=frozenset(web_pids))
    assert replacement <= child_pids(parent)
    assert not is_running(killed)

    phases.done("killed processes replaced")
    # SIGTERM to `serve` stops every process it started.
    everything = web_pids | replacement | {parent}
    server.stop()
    assert server.proc.returncode == 0, server.output()[-2000:]
    wait_until(lambda: not any(is_running(pid) for pid in everything), timeout=10)
    phases.done("stopped")


def test_several_web_processes_without_redis_are_refused_with_the_reason(tmp_path):
    env = chatlake_env(f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    result = run_cli(["serve", "--workers", "2"], env)
    assert result.returncode == 2
    assert "--workers 2 needs Redis (set CHATLAKE_REDIS_URL" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()  # refused before touching the database
    assert run_cli(["serve", "--workers", "0"], env).returncode == 2


def test_an_unreachable_redis_is_one_clear_line(tmp_path):
    env = chatlake_env(
        f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}", tmp_path, CHATLAKE_REDIS_URL="redis://:hunter2@127.0.0.1:1/0"
    )
    result = run_cli(["serve", "--workers", "2"], env)
    assert result.returncode == 1
    assert "cannot reach Redis at redis://:***@127.0.0.1:1/0" in result.stderr
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


def test_no_migrate_refuses_a_database_that_was_not_migrated(db_kind, data_dir, tmp_path):
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), tmp_path)
    refused = run_cli(["worker", "--no-migrate"], env)
    assert refused.returncode == 1
    assert "the database schema is not up to date" in refused.stderr
    assert "run `chatlake migrate` first" in refused.stderr


def test_the_delivery_worker_serve_keeps_is_restarted_and_stopped():
    """`serve --workers N` keeps one delivery worker process; a stand-in command shows the supervision alone."""
    from chatlake.serving import DeliveryWorkerChild

    child = DeliveryWorkerChild(command=[sys.executable, "-c", "import time; time.sleep(120)"])
    child.start()
    try:
        first = wait_until(lambda: child.pid, timeout=10)
        os.kill(first, signal.SIGKILL)  # dies unexpectedly: replaced after the first pause (1 s)
        second = wait_until(lambda: child.pid if child.pid != first else None, timeout=10)
        assert is_running(second) and not is_running(first)
    finally:
        child.stop()
    assert not is_running(second)
    assert child.pid == second  # stopping is final: nothing was started again
