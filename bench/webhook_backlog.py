"""Webhook delivery under a backlog: how fast a queue of deliveries drains, and what that does to API ingest.

A Chatlake server without a worker (`serve --no-worker`) takes one message per conversation through the API;
each message's delivery row is then copied BENCH_BACKLOG times over (same event, same endpoint, its
conversation's ordering key) in one transaction, so the queue holds real bodies in real per-conversation
order. Then a delivery worker starts (`chatlake worker`, or BENCH_WORKER=inprocess: a `serve` with its own
worker) and drains it into a local receiver, while a client posts messages at a steady pace and records
their API latency, compared with the same pace before the drain (idle).

The receiver is a bare asyncio HTTP/1.1 server with keep-alive (thousands of requests/s), so it is not what
bounds the figure. Loopback only; bounded in count and time.

    .venv/bin/python -m bench.webhook_backlog   (BENCH_DB=postgres, BENCH_BACKLOG=20000, BENCH_CONVERSATIONS=200,
                                               BENCH_WORKER=process|inprocess)
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

from bench.servers import free_port

BACKLOG = int(os.environ.get("BENCH_BACKLOG", "20000"))
CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "200"))
WORKER = os.environ.get("BENCH_WORKER", "process")  # "process" | "inprocess"
INGEST_RATE = float(os.environ.get("BENCH_INGEST_RATE", "20"))  # messages/s posted during both phases
INGEST_SECONDS = float(os.environ.get("BENCH_INGEST_SECONDS", "8"))
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "180"))
POSTGRES = os.environ.get("CHATLAKE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def fresh_database(work: Path) -> tuple[str, str | None]:
    if os.environ.get("BENCH_DB", "sqlite") == "sqlite":
        return f"sqlite+aiosqlite:///{work / 'bench.sqlite3'}", None
    name = f"chatlake_bench_backlog_{uuid.uuid4().hex[:10]}"
    _pg(f'CREATE DATABASE "{name}"')
    return POSTGRES.rsplit("/", 1)[0] + "/" + name, name


def _pg(statement: str) -> None:
    async def go():
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(statement))
        await engine.dispose()

    asyncio.run(go())


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


class FastReceiver:
    """Counts POSTs on a keep-alive asyncio server in its own thread; notes first and last arrival."""

    def __init__(self) -> None:
        self.count = 0
        self.first: float | None = None
        self.last = 0.0
        self.target = 0
        self.done = threading.Event()
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        ready.wait(10)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        receiver = self

        class Protocol(asyncio.Protocol):
            def connection_made(self, transport):
                self.transport = transport
                self.buffer = b""

            def data_received(self, data):
                self.buffer += data
                while True:
                    end = self.buffer.find(b"\r\n\r\n")
                    if end < 0:
                        return
                    length = 0
                    for line in self.buffer[:end].split(b"\r\n"):
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                    if len(self.buffer) < end + 4 + length:
                        return
                    self.buffer = self.buffer[end + 4 + length :]
                    receiver._arrived()
                    self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

        self.server = self.loop.run_until_complete(self.loop.create_server(Protocol, "127.0.0.1", 0))
        ready.set()
        self.loop.run_forever()

    def _arrived(self) -> None:
        now = time.perf_counter()
        self.count += 1
        self.first = self.first or now
        self.last = now
        if self.target and self.count >= self.target:
            self.done.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/hook"

    def expect(self, total: int) -> None:
        self.target = total
        if self.count >= total:
            self.done.set()


async def paced_posts(base: str, token: str, conversations: list[int], rate: float, seconds: float) -> list[float]:
    """Post messages at a steady pace for `seconds`; returns each request's latency in ms."""
    latencies: list[float] = []
    interval = 1 / rate
    async with httpx.AsyncClient(base_url=base, headers={"api_access_token": token}, timeout=30) as client:

        async def one(i: int) -> None:
            started = time.perf_counter()
            r = await client.post(
                f"/conversations/{conversations[i % len(conversations)]}/messages", json={"content": f"p{i}"}
            )
            r.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)

        tasks = []
        began = time.perf_counter()
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, began + i * interval - time.perf_counter()))
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
    return latencies


def copy_deliveries(database_url: str, copies: int) -> int:
    """Each delivery row copied `copies` times, in one transaction; returns the rows added."""

    async def go() -> int:
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import create_async_engine

        from chatlake.models import WebhookDelivery

        engine = create_async_engine(database_url)
        table = WebhookDelivery.__table__
        async with engine.begin() as conn:
            originals = (await conn.execute(select(table).where(table.c.status == "pending"))).mappings().all()
            rows = []
            for _ in range(copies):
                for original in originals:
                    row = {k: v for k, v in original.items() if k != "id"}
                    row["delivery_uuid"] = str(uuid.uuid4())
                    rows.append(row)
            for start in range(0, len(rows), 2000):
                await conn.execute(table.insert(), rows[start : start + 2000])
        await engine.dispose()
        return len(rows)

    return asyncio.run(go())


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="chatlake-bench-backlog-"))
    print(f"logs in {work}", file=sys.stderr)
    url, pg_name = fresh_database(work)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATLAKE_")}
    env.update(
        CHATLAKE_DATABASE_URL=url,
        CHATLAKE_DATA_DIR=str(work),
        CHATLAKE_SECRET_KEY="bench-secret",
        CHATLAKE_ALLOWED_PRIVATE_HOSTS="127.0.0.1",
    )
    cli = [sys.executable, "-m", "chatlake.cli"]
    ids = json.loads(
        subprocess.run(
            [
                *cli,
                "bootstrap",
                "--account-name",
                "Bench",
                "--email",
                "bl@example.com",
                "--password",
                "bench-pass",
                "--json",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    receiver = FastReceiver()
    port = free_port()
    processes: list[subprocess.Popen] = []

    def serve(with_worker: bool) -> None:
        args = [*cli, "serve", "--port", str(port)] + ([] if with_worker else ["--no-worker"])
        log = (work / f"serve-{len(processes)}.log").open("w")
        processes.append(subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v1/profile", timeout=2)
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(proc: subprocess.Popen) -> None:
        proc.terminate()
        proc.wait(30)

    try:
        serve(with_worker=False)
        base = f"http://127.0.0.1:{port}/api/v1/accounts/{ids['account_id']}"
        headers = {"api_access_token": ids["api_access_token"]}
        inbox = httpx.post(
            f"{base}/inboxes",
            headers=headers,
            json={"name": "Bench", "channel": {"type": "api", "webhook_url": receiver.url}},
        ).json()
        contact = httpx.post(f"{base}/contacts", headers=headers, json={"name": "B", "inbox_id": inbox["id"]}).json()
        body = {"contact_id": contact["payload"]["contact"]["id"], "inbox_id": inbox["id"]}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            conversations = [client.post("/conversations", json=body).json()["id"] for _ in range(CONVERSATIONS)]
        idle = asyncio.run(paced_posts(base, ids["api_access_token"], conversations, INGEST_RATE, INGEST_SECONDS))
        copies = max(0, BACKLOG // (CONVERSATIONS + len(idle)) - 1)
        queued = CONVERSATIONS + len(idle)
        queued += copy_deliveries(url, copies)

        if WORKER == "inprocess":
            stop(processes.pop())
            serve(with_worker=True)
        else:
            log = (work / "worker.log").open("w")
            processes.append(subprocess.Popen([*cli, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT))
        while receiver.first is None:
            time.sleep(0.01)
        during = asyncio.run(paced_posts(base, ids["api_access_token"], conversations, INGEST_RATE, INGEST_SECONDS))
        expected = queued + len(during)
        receiver.expect(expected)
        if not receiver.done.wait(TIME_LIMIT):
            raise SystemExit(f"only {receiver.count} of {expected} deliveries arrived in {TIME_LIMIT}s")
        drain_seconds = receiver.last - receiver.first
    finally:
        for proc in processes:
            stop(proc)
        if pg_name:
            _pg(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')

    idle_p50, idle_p99 = percentiles(idle)
    drain_p50, drain_p99 = percentiles(during)
    result = {
        "database": os.environ.get("BENCH_DB", "sqlite"),
        "worker": WORKER,
        "backlog": queued,
        "conversations": CONVERSATIONS,
        "drain_seconds": round(drain_seconds, 2),
        "drain_deliveries_per_second": round(expected / drain_seconds, 1),
        "ingest_rate": INGEST_RATE,
        "ingest_ms_idle": {"p50": round(idle_p50, 1), "p99": round(idle_p99, 1)},
        "ingest_ms_during_drain": {"p50": round(drain_p50, 1), "p99": round(drain_p99, 1)},
        "ingest_p99_ratio": round(drain_p99 / idle_p99, 2),
    }
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"webhook_backlog_{result['database']}_{WORKER}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
