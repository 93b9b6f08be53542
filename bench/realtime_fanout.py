"""Real-time fan-out: N websocket clients on loopback follow one account; messages are created through the
API one at a time; how long from the commit until every client has the message?

    .venv/bin/python -m bench.realtime_fanout [--clients 500] [--messages 40] [--database-url URL]

The server is a real `chatlake serve` process on a fresh database (SQLite in a temporary directory unless
--database-url names a PostgreSQL database, which must be empty). The clients run in this process.

The commit happens while the API request is in flight, after it was sent and before its response, so the
report gives two figures per percentile: receipt minus response (a lower bound of commit-to-receipt) and
receipt minus request (an upper bound). Each message is posted only when every client has the previous
one, so the figures are latency, not queueing. Bounded: a client that has not received a message within
--timeout seconds counts as a miss and the run goes on; the whole run stops after --deadline seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson
from websockets.asyncio.client import connect


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATLAKE_")}
    env.update(
        CHATLAKE_DATABASE_URL=database_url,
        CHATLAKE_DATA_DIR=str(data_dir),
        CHATLAKE_SECRET_KEY="bench-realtime-secret",
    )
    return env


def _cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "chatlake.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise SystemExit(f"chatlake {args[0]} failed: {done.stderr}")
    return done.stdout


def _start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "chatlake.cli", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/profile", timeout=1).status_code == 401:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not come up within 60 s")


class Clients:
    """The websocket clients; each records when it received which message id."""

    def __init__(self) -> None:
        self.received: dict[int, list[float]] = {}
        self.waiters: dict[int, asyncio.Event] = {}
        self.expected = 0
        self.tasks: list[asyncio.Task] = []

    async def open(self, url: str, identifier: str, count: int, batch: int = 50) -> None:
        for start in range(0, count, batch):
            futures = [asyncio.get_running_loop().create_future() for _ in range(min(batch, count - start))]
            for future in futures:
                self.tasks.append(asyncio.create_task(self._client(url, identifier, future)))
            await asyncio.wait_for(asyncio.gather(*futures), 60)
        self.expected = count

    async def _client(self, url: str, identifier: str, subscribed: asyncio.Future) -> None:
        async with connect(url, subprotocols=["actioncable-v1-json"], compression=None, max_queue=None) as ws:
            await ws.send(json.dumps({"command": "subscribe", "identifier": identifier}))
            async for raw in ws:
                now = time.perf_counter()
                frame = orjson.loads(raw)
                if frame.get("type") == "confirm_subscription":
                    subscribed.set_result(True)
                    continue
                if frame.get("type") == "reject_subscription":
                    subscribed.set_exception(RuntimeError("subscription rejected"))
                    return
                message = frame.get("message")  # pings carry a number here
                if not isinstance(message, dict) or message.get("event") != "message.created":
                    continue
                message_id = message["data"]["id"]
                times = self.received.setdefault(message_id, [])
                times.append(now)
                if len(times) == self.expected and message_id in self.waiters:
                    self.waiters[message_id].set()

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


async def _run(base: str, ids: dict, clients_count: int, messages: int, timeout: float, deadline: float) -> dict:
    headers = {"api_access_token": ids["api_access_token"]}
    api = httpx.AsyncClient(base_url=f"{base}/api/v1/accounts/{ids['account_id']}", headers=headers, timeout=30)
    profile = (await api.get(f"{base}/api/v1/profile")).json()
    inbox = (await api.post("/inboxes", json={"name": "Bench", "channel": {"type": "api"}})).json()
    contact = (await api.post("/contacts", json={"name": "Bench", "inbox_id": inbox["id"]})).json()["payload"]
    body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
    conversation = (await api.post("/conversations", json=body)).json()

    identifier = json.dumps(
        {
            "channel": "RoomChannel",
            "pubsub_token": profile["pubsub_token"],
            "account_id": ids["account_id"],
            "user_id": ids["user_id"],
        }
    )
    clients = Clients()
    started = time.perf_counter()
    await clients.open(base.replace("http://", "ws://") + "/cable", identifier, clients_count)
    connect_seconds = time.perf_counter() - started

    lower: list[float] = []
    upper: list[float] = []
    spread: list[float] = []
    missed = 0
    posted = 0
    stop_at = time.monotonic() + deadline
    try:
        for i in range(messages):
            if time.monotonic() > stop_at:
                break
            sent = time.perf_counter()
            r = await api.post(f"/conversations/{conversation['id']}/messages", json={"content": f"bench {i}"})
            answered = time.perf_counter()
            message_id = r.json()["id"]
            posted += 1
            waiter = clients.waiters[message_id] = asyncio.Event()
            if len(clients.received.get(message_id, ())) >= clients_count:
                waiter.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter.wait(), timeout)
            times = clients.received.get(message_id, [])
            missed += clients_count - len(times)
            lower.extend(t - answered for t in times)
            upper.extend(t - sent for t in times)
            if times:
                spread.append(max(times) - min(times))
    finally:
        dead = [t for t in clients.tasks if t.done() and not t.cancelled() and t.exception() is not None]
        await clients.close()
        await api.aclose()
    return {
        "clients": clients_count,
        "messages": posted,
        "deliveries": len(lower),
        "missed": missed,
        "connect_seconds": connect_seconds,
        "lower": lower,
        "upper": upper,
        "spread": spread,
        "dead_clients": [repr(t.exception()) for t in dead],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--database-url", default="", help="empty: SQLite in a temporary directory")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds each message may take to arrive")
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds the message phase may take")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="chatlake-bench-rt-"))
    database_url = args.database_url or f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}"
    env = _env(database_url, data_dir)
    server = None
    try:
        ids = json.loads(
            _cli(
                [
                    "bootstrap",
                    "--account-name",
                    "Bench RT",
                    "--email",
                    "bench-rt@example.com",
                    "--password",
                    "bench-rt-password",
                    "--json",
                ],
                env,
            )
        )
        port = _free_port()
        server = _start_server(env, port)
        run = _run(f"http://127.0.0.1:{port}", ids, args.clients, args.messages, args.timeout, args.deadline)
        try:
            import uvloop  # the server runs on uvloop (uvicorn[standard]); so do the clients

            result = uvloop.run(run)
        except ImportError:
            result = asyncio.run(run)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)

    kind = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    print(f"realtime fan-out ({kind}): {result['clients']} clients, {result['messages']} messages")
    print(f"  subscribed all clients in {result['connect_seconds']:.2f} s")
    print(f"  deliveries {result['deliveries']}, missed {result['missed']}")
    if result["dead_clients"]:
        print(f"  clients that failed: {len(result['dead_clients'])}, e.g. {result['dead_clients'][0]}")
    if result["lower"]:
        for label, values in (
            ("after response", result["lower"]),
            ("after request", result["upper"]),
            ("first to last client", result["spread"]),
        ):
            p50, p99 = (_percentile(values, p) * 1000 for p in (50, 99))
            mean = statistics.fmean(values) * 1000
            print(f"  receipt {label:>20}: p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   mean {mean:7.1f} ms")
    if result["missed"] or result["dead_clients"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
