"""Webhook delivery: latency from a message's creation to its receipt, and throughput, against a baseline.

Chatlake (`chatlake serve`, in-process worker) on a fresh database delivers `message_created` for every
message posted to an API inbox whose webhook_url is a local receiver. The baseline, in the same run and
against the same receiver, is a bare httpx client POSTing signed bodies of the same size: the floor set by
the receiver and the loopback network. Bounded in count and time; loopback only.

    python -m bench.webhook_delivery          (BENCH_DB=postgres for PostgreSQL, BENCH_MESSAGES=N)
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
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.servers import free_port

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "400"))
# Deliveries of one conversation go out strictly in order, one at a time: spread the load over several.
CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "90"))
POSTGRES = os.environ.get("CHATLAKE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


class Receiver:
    """Records the wall-clock arrival time of every message_created body."""

    def __init__(self) -> None:
        self.arrivals: dict[int, float] = {}
        self.created: dict[int, float] = {}
        self.count = 0
        self.done = threading.Event()
        self.expected = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                now = time.time()
                payload = json.loads(body)
                if payload.get("event") == "message_created":
                    receiver.arrivals[payload["id"]] = now
                    receiver.created[payload["id"]] = datetime.fromisoformat(
                        payload["created_at"].replace("Z", "+00:00")
                    ).timestamp()
                receiver.count += 1
                if receiver.expected and receiver.count >= receiver.expected:
                    receiver.done.set()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def reset(self, expected: int) -> None:
        self.arrivals.clear()
        self.created.clear()
        self.count = 0
        self.expected = expected
        self.done.clear()


def fresh_database(work: Path) -> tuple[str, str | None]:
    if os.environ.get("BENCH_DB", "sqlite") == "sqlite":
        return f"sqlite+aiosqlite:///{work / 'bench.sqlite3'}", None
    name = f"chatlake_bench_wh_{uuid.uuid4().hex[:10]}"
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
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return p50, p99


async def post_messages(base: str, token: str, conversations: list[int], count: int) -> float:
    """Post `count` messages round-robin over the conversations with CONCURRENCY workers; returns seconds."""
    started = time.perf_counter()
    numbers = iter(range(count))
    async with httpx.AsyncClient(base_url=base, headers={"api_access_token": token}, timeout=30) as client:

        async def worker():
            for i in numbers:
                conversation = conversations[i % len(conversations)]
                r = await client.post(f"/conversations/{conversation}/messages", json={"content": f"bench {i}"})
                r.raise_for_status()

        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(CONCURRENCY))), TIME_LIMIT)
    return time.perf_counter() - started


async def baseline(receiver: Receiver, body_size: int, count: int) -> float:
    """Bare signed POSTs of the same size to the same receiver, one after another per connection."""
    body = json.dumps({"event": "baseline", "pad": "x" * body_size}).encode()
    started = time.perf_counter()
    numbers = iter(range(count))
    async with httpx.AsyncClient(timeout=30) as client:

        async def worker():
            for _ in numbers:
                (await client.post(receiver.url, content=body, headers={"Content-Type": "application/json"}))

        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(CONCURRENCY))), TIME_LIMIT)
    return time.perf_counter() - started


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="chatlake-bench-wh-"))
    url, pg_name = fresh_database(work)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATLAKE_")}
    env.update(
        CHATLAKE_DATABASE_URL=url,
        CHATLAKE_DATA_DIR=str(work),
        CHATLAKE_SECRET_KEY="bench-secret",
        CHATLAKE_ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        CHATLAKE_WORKER_POLL_SECONDS="0.5",
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
                "wh@example.com",
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
    port = free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    receiver = Receiver()
    try:
        base = f"http://127.0.0.1:{port}/api/v1/accounts/{ids['account_id']}"
        headers = {"api_access_token": ids["api_access_token"]}
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/inboxes", headers=headers, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        inbox = httpx.post(
            f"{base}/inboxes",
            headers=headers,
            json={"name": "Bench", "channel": {"type": "api", "webhook_url": receiver.url}},
        ).json()
        contact = httpx.post(
            f"{base}/contacts", headers=headers, json={"name": "Bench", "inbox_id": inbox["id"]}
        ).json()["payload"]
        receiver.reset(expected=CONVERSATIONS)
        body = {"contact_id": contact["contact"]["id"], "inbox_id": inbox["id"]}
        conversations = [
            httpx.post(f"{base}/conversations", headers=headers, json=body).json()["id"] for _ in range(CONVERSATIONS)
        ]
        receiver.done.wait(30)

        receiver.reset(expected=MESSAGES)
        started = time.perf_counter()
        posting = asyncio.run(post_messages(base, ids["api_access_token"], conversations, MESSAGES))
        if not receiver.done.wait(TIME_LIMIT):
            raise SystemExit(f"only {receiver.count} of {MESSAGES} deliveries arrived in {TIME_LIMIT}s")
        total = time.perf_counter() - started
        latencies = [(receiver.arrivals[i] - receiver.created[i]) * 1000 for i in receiver.arrivals]
        p50, p99 = percentiles(latencies)
        chatlake_rate = MESSAGES / total

        receiver.reset(expected=MESSAGES)
        base_seconds = asyncio.run(baseline(receiver, 1500, MESSAGES))
        baseline_rate = MESSAGES / base_seconds
    finally:
        server.terminate()
        server.wait(30)
        receiver.httpd.shutdown()
        if pg_name:
            _pg(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')

    result = {
        "database": os.environ.get("BENCH_DB", "sqlite"),
        "messages": MESSAGES,
        "conversations": CONVERSATIONS,
        "concurrency": CONCURRENCY,
        "posting_seconds": round(posting, 3),
        "delivery_latency_ms": {"p50": round(p50, 1), "p99": round(p99, 1)},
        "deliveries_per_second": round(chatlake_rate, 1),
        "baseline_posts_per_second": round(baseline_rate, 1),
        "ratio_to_baseline": round(chatlake_rate / baseline_rate, 3),
    }
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"webhook_delivery_{result['database']}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
