"""W3 webhooks: Chatlake (`chatlake serve` with its in-process delivery worker, pinned to the server core)
POSTs `message_created` to a local receiver (bench/webhook_receiver.py, uvicorn, on the load core) for
every incoming message posted to an API inbox whose webhook_url is that receiver.

On a copy of the cached 1,000-conversation database (bench/bulk_seed.py), the API inbox gets the receiver
as its webhook_url through the API (`PATCH /inboxes/{id}`, as an administrator would), then:

1. Steady rate: a paced open-loop client (bench/paced.py; wrk has no constant-rate mode) posts incoming
   messages at BENCH_W3_RATE (300) per second for BENCH_W3_SECONDS (10). Creation-to-receipt: the receiver's
   arrival time minus the message's created_at in the body (same machine, same clock). Targets: p50 <= 25 ms,
   p99 <= 150 ms, every message delivered, and the rate held.
2. Idle ingest: wrk (BENCH_W3_PROBE_CONNECTIONS=4 connections, each pausing BENCH_W3_PROBE_DELAY_MS=20 ms
   between requests) for BENCH_W3_PROBE_SECONDS (5): Chatlake's API p99 with nothing to deliver.
3. Backlog: Chatlake restarted with `--no-worker`; wrk (16 connections) posts BENCH_W3_BACKLOG (20,000)
   messages, or as many as fit in BENCH_W3_BACKLOG_SECONDS (60). Then Chatlake restarts with its worker
   and the backlog drains; the same probe as in 2 runs during the drain. Targets: drain >= 1,000
   deliveries/s (backlog deliveries over the time from the server being up to the last one, within
   BENCH_W3_DRAIN_SECONDS, 90), ingest p99 during the drain <= 2x idle.

    .venv/bin/python -m bench.webhooks          (BENCH_DB=postgres for PostgreSQL)
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import httpx
import orjson

from bench.bulk_seed import Seeded, clone, drop_clone, seeded_database
from bench.common import (
    LOAD_CORE,
    SERVER_CORE,
    Targets,
    databases_to_bench,
    env_float,
    env_int,
    pin_to_load_core,
    pinned,
    postgres_url,
    run_client,
    write_results,
)
from bench.ingest import message_env
from bench.paced import paced_posts
from bench.servers import ServerProcess, chatlake_env, chatlake_server, free_port, postgres_reachable
from bench.wrk import ensure_wrk, run_wrk

P50_TARGET_MS = 25.0
P99_TARGET_MS = 150.0
DRAIN_TARGET = 1000.0
DRAIN_P99_FACTOR = 2.0


class WebhookConfig:
    def __init__(self) -> None:
        self.rate = env_float("BENCH_W3_RATE", 300)
        self.seconds = env_float("BENCH_W3_SECONDS", 10)
        self.settle_seconds = env_float("BENCH_W3_SETTLE_SECONDS", 30)
        self.probe_connections = env_int("BENCH_W3_PROBE_CONNECTIONS", 4)
        self.probe_delay_ms = env_int("BENCH_W3_PROBE_DELAY_MS", 20)
        self.probe_seconds = env_float("BENCH_W3_PROBE_SECONDS", 5)
        self.backlog = env_int("BENCH_W3_BACKLOG", 20_000)
        self.backlog_seconds = env_float("BENCH_W3_BACKLOG_SECONDS", 60)
        self.drain_seconds = env_float("BENCH_W3_DRAIN_SECONDS", 90)
        self.conversations = env_int("BENCH_INGEST_CONVERSATIONS", 1000)

    def as_dict(self) -> dict:
        return dict(vars(self))


class Receiver(ServerProcess):
    def __init__(self, log_dir: Path) -> None:
        port = free_port()
        argv = [sys.executable, "-m", "uvicorn", "bench.webhook_receiver:app", "--host", "127.0.0.1"]
        argv += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
        root = str(Path(__file__).resolve().parent.parent)
        env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("CHATLAKE_")}
        env["PYTHONPATH"] = root
        super().__init__("receiver", pinned(LOAD_CORE, argv), env, port, "/_stats", log_dir / "receiver.log")

    def reset(self) -> None:
        httpx.post(self.url + "/_reset", timeout=10).raise_for_status()

    def stats(self) -> dict:
        return httpx.get(self.url + "/_stats", timeout=30).json()

    def wait_for(self, count: int, seconds: float, created_before: float | None = None) -> dict:
        """Poll until `count` message_created bodies arrived (created before `created_before`, when given) or
        `seconds` passed; returns the last stats."""
        deadline = time.monotonic() + seconds
        while True:
            stats = self.stats()
            got = len(_records(stats, created_before))
            if got >= count or time.monotonic() > deadline:
                return stats
            time.sleep(0.25)


def _created(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def _records(stats: dict, created_before: float | None = None) -> list[tuple[int, float, float]]:
    rows = [(mid, _created(created), arrived) for mid, created, arrived in stats["records"]]
    if created_before is not None:
        rows = [r for r in rows if r[1] < created_before]
    return rows


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def steady_rate(chatlake: ServerProcess, receiver: Receiver, seeded: Seeded, config: WebhookConfig) -> dict:
    receiver.reset()
    picks = random.Random(300)
    total = int(config.rate * config.seconds)
    requests = [
        (
            f"/api/v1/accounts/{seeded.account_id}/conversations/{picks.randint(1, config.conversations)}/messages",
            orjson.dumps({"content": f"Steady message {n}: is my parcel on its way?", "message_type": "incoming"}),
        )
        for n in range(total)
    ]
    paced = run_client(
        paced_posts("127.0.0.1", chatlake.port, requests, {"api_access_token": seeded.token}, config.rate)
    )
    stats = receiver.wait_for(paced.ok, config.settle_seconds)
    rows = _records(stats)
    delays = [(arrived - created) * 1000 for _mid, created, arrived in rows]
    result = {
        "rate_target": config.rate,
        "rate_achieved": round(paced.achieved_rate, 1),
        "scheduled": total,
        "sent_in_time": paced.sent,
        "posted_ok": paced.ok,
        "posted_failed": paced.failed,
        "api_p50_ms": round(statistics.median(paced.latencies_ms), 2) if paced.latencies_ms else None,
        "api_p99_ms": _round(_percentile(paced.latencies_ms, 0.99)),
        "late_p99_ms": _round(_percentile(paced.late_ms, 0.99)),
        "delivered": len(rows),
        "receipt_p50_ms": _round(_percentile(delays, 0.50)),
        "receipt_p99_ms": _round(_percentile(delays, 0.99)),
        "receipt_max_ms": _round(max(delays) if delays else None),
    }
    print(
        f"    steady: {result['rate_achieved']:.0f}/s of {config.rate:.0f}/s, {paced.ok} of {total} posted"
        f" ({paced.sent} sent in time), {len(rows)} delivered;"
        f" creation to receipt p50 {result['receipt_p50_ms']} ms, p99 {result['receipt_p99_ms']} ms",
        flush=True,
    )
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def probe(chatlake: ServerProcess, seeded: Seeded, config: WebhookConfig, label: str) -> dict:
    """A light, steady ingest load; its p99 is what an API client sees meanwhile."""
    result = run_wrk(
        chatlake.url,
        "messages",
        connections=config.probe_connections,
        seconds=config.probe_seconds,
        env={**message_env(seeded, config.conversations), "BENCH_DELAY_MS": str(config.probe_delay_ms)},
    )
    print(
        f"    ingest probe ({label}): {result.ok_per_second:.0f}/s, p50 {result.latency_ms['p50']} ms,"
        f" p99 {result.latency_ms['p99']} ms, errors {result.errors}",
        flush=True,
    )
    return result.summary()


def run_database(kind: str, config: WebhookConfig, targets: Targets) -> dict:
    seeded = seeded_database(kind, config.conversations)
    with tempfile.TemporaryDirectory(prefix=f"chatlake-w3-{kind}-") as tmp:
        work = Path(tmp)
        target = str(work / "chatlake.sqlite3") if kind == "sqlite" else f"chatlake_bench_w3_{uuid.uuid4().hex[:8]}"
        url = clone(seeded, target)
        env = {**chatlake_env(url, work, seeded.secret_key), "CHATLAKE_ALLOWED_PRIVATE_HOSTS": "127.0.0.1"}
        wrap = pinned(SERVER_CORE, [])
        receiver = Receiver(work).start()
        chatlake = None
        try:
            chatlake = chatlake_server(env, work, wrap, worker=True).start()
            headers = {"api_access_token": seeded.token}
            response = httpx.patch(
                f"{chatlake.url}/api/v1/accounts/{seeded.account_id}/inboxes/{seeded.inbox_id}",
                headers=headers,
                json={"channel": {"webhook_url": receiver.url + "/hook"}},
                timeout=30,
            )
            if response.status_code != 200:
                raise SystemExit(f"could not set the inbox's webhook_url: {response.status_code} {response.text}")
            steady = steady_rate(chatlake, receiver, seeded, config)
            idle = probe(chatlake, seeded, config, "idle")
            created = steady["posted_ok"] + idle["requests"] - idle["non2xx"]
            delivered_before = len(_records(receiver.wait_for(created, config.settle_seconds)))
            chatlake.stop()

            # The backlog: ingest with no worker running, then restart with the worker and let it drain.
            ingest = chatlake_server(env, work, wrap, worker=False, name="chatlake-no-worker").start()
            try:
                backlog_run = run_wrk(
                    ingest.url,
                    "messages",
                    connections=16,
                    seconds=config.backlog_seconds,
                    env={**message_env(seeded, config.conversations), "BENCH_STOP_AFTER": str(config.backlog)},
                )
            finally:
                ingest.stop()
            # Pending: the backlog's deliveries, and any of the earlier phases the worker had not sent yet. A lower
            # bound: requests in flight when wrk stopped (up to its 16 connections) may have been stored too.
            backlog = backlog_run.requests - backlog_run.non2xx + max(0, created - delivered_before)
            print(f"    backlog: {backlog:,} deliveries pending, {backlog_run.seconds:.0f} s of ingest with no worker")
            receiver.reset()
            restarted_wall = time.time()
            chatlake = chatlake_server(env, work, wrap, worker=True, name="chatlake-drain").start()
            ready_wall = time.time()
            during = probe(chatlake, seeded, config, "during the drain")
            remaining = max(0.0, config.drain_seconds - (time.time() - ready_wall))
            stats = receiver.wait_for(backlog, remaining, created_before=restarted_wall)
            rows = _records(stats, created_before=restarted_wall)
            # The drain starts when the server is up (or at its first delivery, if the worker was quicker):
            # the process's start-up is not delivery time.
            began = min([ready_wall, *(arrived for _m, _c, arrived in rows)])
            last = max((arrived for _m, _c, arrived in rows), default=began)
            drained_in = last - began
            rate = len(rows) / drained_in if drained_in > 0 else None
            print(
                f"    drain: {len(rows):,} of {backlog:,} backlog deliveries in {drained_in:.1f} s"
                f" ({(rate or 0):,.0f}/s, from the server being up)",
                flush=True,
            )
        finally:
            if chatlake is not None:
                chatlake.stop()
            receiver.stop()
            drop_clone(kind, target)
    drain = {
        "backlog": backlog,
        "backlog_target": config.backlog,
        "backlog_ingest_per_second": round(backlog_run.ok_per_second, 1),
        "delivered": len(rows),
        "seconds": round(drained_in, 2),
        "deliveries_per_second": _round(rate),
        "complete": len(rows) >= backlog,
    }
    print()
    tag = f"W3 {kind}"
    targets.check(f"{tag} steady rate held", steady["rate_achieved"], ">=", 0.95 * config.rate, "/s")
    targets.check(f"{tag} messages not delivered", steady["posted_ok"] - steady["delivered"], "<=", 0)
    targets.check(f"{tag} creation-to-receipt p50", steady["receipt_p50_ms"], "<=", P50_TARGET_MS, " ms")
    targets.check(f"{tag} creation-to-receipt p99", steady["receipt_p99_ms"], "<=", P99_TARGET_MS, " ms")
    targets.check(f"{tag} backlog size reached", backlog, ">=", config.backlog)
    targets.check(f"{tag} backlog drain rate", rate, ">=", DRAIN_TARGET, "/s")
    ratio = during["latency_ms"]["p99"] / idle["latency_ms"]["p99"] if idle["latency_ms"]["p99"] else None
    targets.check(f"{tag} ingest p99 during the drain over idle", ratio, "<=", DRAIN_P99_FACTOR, "x")
    return {"steady": steady, "idle_probe": idle, "drain_probe": during, "drain": drain}


def main() -> int:
    pin_to_load_core()
    ensure_wrk()
    config = WebhookConfig()
    targets = Targets()
    results: dict[str, dict] = {}
    for kind in databases_to_bench():
        if kind == "postgres" and (why := postgres_reachable(postgres_url())):
            print(f"PostgreSQL is not reachable at {postgres_url()}: {why}", file=sys.stderr)
            return 2
        print(f"W3 webhooks on {kind}: {config.rate:.0f} messages/s for {config.seconds:.0f} s, then a backlog")
        results[kind] = run_database(kind, config, targets)
    path = write_results("webhooks", {"config": config.as_dict(), "databases": results, "targets": targets.items})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
