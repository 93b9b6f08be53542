"""W1 ingest: incoming messages posted by an API client, Chatlake against the raw baseline in the same run.

For each database (BENCH_DB): a copy of the cached bulk-seeded database (1,000 conversations of one API
inbox, bench/bulk_seed.py) for Chatlake and another for the baseline; both served by uvicorn, one process
each, pinned to the server core (`chatlake serve --no-worker`; bench/baseline_app.py). wrk, pinned to the
other core, posts `{"content": ..., "message_type": "incoming"}` to conversations picked at random (the same
sequence for both) at each connection count; Chatlake and the baseline alternate, BENCH_ROUNDS rounds, and
every figure is the median of the rounds.

Targets (issue 9): at 16 connections Chatlake reaches >= 25 % of the baseline's messages/s with p99 <= 25 ms;
no errors (anything but a 2xx answer is one) at any connection count.

Knobs: BENCH_DB, BENCH_CONNECTIONS (16,64), BENCH_SECONDS (5 per round and server), BENCH_ROUNDS (3),
BENCH_WARMUP_SECONDS (2), BENCH_INGEST_CONVERSATIONS (1000), BENCH_POSTGRES_URL; BENCH_PROFILE=1 adds a py-spy
profile of Chatlake during an extra, unmeasured run (bench/results/profile-ingest-<database>.txt).

    .venv/bin/python -m bench.ingest
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import httpx

from bench.baseline_app import STATEMENTS_HEADER
from bench.bulk_seed import Seeded, clone, drop_clone, seeded_database
from bench.common import (
    LOAD_CORE,
    RESULTS_DIR,
    SERVER_CORE,
    Targets,
    databases_to_bench,
    env_float,
    env_int,
    env_ints,
    median,
    pin_to_load_core,
    pinned,
    postgres_url,
    write_results,
)
from bench.servers import (
    ServerProcess,
    baseline_server,
    chatlake_env,
    chatlake_server,
    postgres_reachable,
    py_spy,
)
from bench.wrk import WrkResult, ensure_wrk, run_wrk

SHARE_TARGET = 0.25
P99_TARGET_MS = 25.0
TARGET_CONNECTIONS = 16


class IngestConfig:
    def __init__(self) -> None:
        self.connections = env_ints("BENCH_CONNECTIONS", "16,64")
        self.seconds = env_float("BENCH_SECONDS", 5)
        self.rounds = max(1, env_int("BENCH_ROUNDS", 3))
        self.warmup_seconds = env_float("BENCH_WARMUP_SECONDS", 2)
        self.conversations = env_int("BENCH_INGEST_CONVERSATIONS", 1000)
        self.profile = os.environ.get("BENCH_PROFILE", "") not in ("", "0", "false", "no")

    def as_dict(self) -> dict:
        return dict(vars(self))


def message_env(seeded: Seeded, conversations: int) -> dict[str, str]:
    return {
        "BENCH_TOKEN": seeded.token,
        "BENCH_ACCOUNT_ID": str(seeded.account_id),
        "BENCH_CONVERSATIONS": str(conversations),
    }


@contextlib.contextmanager
def served_pair(kind: str, seeded: Seeded, work: Path, *, chatlake_worker: bool = False, shared: bool = False):
    """Chatlake and the baseline, each on its own copy of the seeded database (one copy for both when `shared`:
    for read-only workloads), both pinned to the server core."""
    suffix = uuid.uuid4().hex[:8]
    if kind == "sqlite":
        targets = [str(work / "chatlake.sqlite3"), str(work / "baseline.sqlite3")]
    else:
        targets = [f"chatlake_bench_{suffix}", f"chatlake_bench_{suffix}_baseline"]
    if shared:
        targets = targets[:1]
    urls = [clone(seeded, target) for target in targets]
    env = chatlake_env(urls[0], work, seeded.secret_key)
    wrap = pinned(SERVER_CORE, [])
    servers: list[ServerProcess] = []
    try:
        servers.append(chatlake_server(env, work, wrap, worker=chatlake_worker).start())
        servers.append(baseline_server(urls[-1], work, wrap).start())
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()
        for target in targets:
            drop_clone(kind, target)


def check_same_answers(chatlake: ServerProcess, baseline: ServerProcess, seeded: Seeded) -> dict:
    """Both servers must answer an incoming message with the same JSON (ids and times aside), or the comparison
    means nothing."""
    path = f"/api/v1/accounts/{seeded.account_id}/conversations/1/messages"
    headers = {"api_access_token": seeded.token}
    body = {"content": "Checking both servers answer alike.", "message_type": "incoming"}
    answers = []
    for server in (chatlake, baseline):
        response = httpx.post(server.url + path, headers=headers, json=body, timeout=30)
        if response.status_code != 200:
            raise SystemExit(f"{server.name} answered {response.status_code} to an incoming message: {response.text}")
        answers.append(response)
    a, b = (r.json() for r in answers)
    volatile = {"id", "created_at", "updated_at"}
    differing = sorted(k for k in set(a) | set(b) if k not in volatile and a.get(k) != b.get(k))
    if differing:
        print(f"  note: the created message's JSON differs between Chatlake and the baseline in: {differing}")
    return {"message_fields_differing": differing, "baseline_statements": int(answers[1].headers[STATEMENTS_HEADER])}


def alternate(servers: dict[str, ServerProcess], rounds: int, measure, label: str) -> dict[str, list[WrkResult]]:
    """`measure(server)` for each server, alternating the order every round so that a change in the machine's
    load hits both alike."""
    parts: dict[str, list[WrkResult]] = {name: [] for name in servers}
    for round_no in range(rounds):
        order = list(servers.items())
        if round_no % 2:
            order.reverse()
        for name, server in order:
            result = measure(server)
            parts[name].append(result)
            print(
                f"    {label} round {round_no + 1}/{rounds} {name:9s} {result.ok_per_second:9,.0f}/s"
                f"  p50 {result.latency_ms['p50']:8.1f} ms  p99 {result.latency_ms['p99']:8.1f} ms"
                f"  errors {result.errors}",
                flush=True,
            )
    return parts


def medians(results: list[WrkResult]) -> dict:
    return {
        "ok_per_second": round(median([r.ok_per_second for r in results]), 1),
        "p50_ms": median([r.latency_ms["p50"] for r in results]),
        "p99_ms": median([r.latency_ms["p99"] for r in results]),
        "errors": sum(r.errors for r in results),
        # wrk counts a timeout only when the run lasts longer than the timeout: a round in which the server
        # answered nothing at all reports no error, so it is counted here.
        "silent_rounds": sum(1 for r in results if r.requests == 0),
        "rounds": [r.summary() for r in results],
    }


def profile_chatlake(chatlake: ServerProcess, kind: str, env: dict[str, str], seconds: float = 6) -> dict | None:
    """BENCH_PROFILE=1: py-spy (--gil: where the server's Python time goes) on Chatlake during an extra,
    unmeasured wrk run at 16 connections; the raw profile in bench/results/, its summary returned."""
    spy = py_spy()
    if spy is None:
        print("  profile skipped: py-spy is not installed (pip install -e '.[bench]')")
        return None
    from bench.profile_summary import summarise

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    raw = RESULTS_DIR / f"profile-ingest-{kind}.txt"
    record = [spy, "record", "--pid", str(chatlake.pid), "--duration", str(int(seconds)), "--rate", "250", "--gil"]
    proc = subprocess.Popen(
        pinned(LOAD_CORE, [*record, "--format", "raw", "--output", str(raw)]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    run_wrk(chatlake.url, "messages", connections=TARGET_CONNECTIONS, seconds=seconds + 1, env=env)
    _out, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or not raw.exists():
        print(f"  profile failed: {err.decode(errors='replace')[-500:]}")
        return None
    summary = summarise(raw)
    print(f"  profile of Chatlake ({summary['samples']} samples, {raw}):")
    for area, pct in list(summary["inclusive_pct_by_area"].items())[:8]:
        print(f"    {pct:5.1f}%  {area}")
    return summary


def run_database(kind: str, config: IngestConfig, targets: Targets) -> dict:
    seeded = seeded_database(kind, config.conversations)
    if seeded.seconds:
        print(f"  seeded {seeded.conversations:,} conversations in {seeded.seconds:.0f} s (cached for next runs)")
    env = message_env(seeded, config.conversations)
    with (
        tempfile.TemporaryDirectory(prefix=f"chatlake-w1-{kind}-") as tmp,
        served_pair(kind, seeded, Path(tmp)) as (
            chatlake,
            baseline,
        ),
    ):
        same = check_same_answers(chatlake, baseline, seeded)
        # What wrk, uvicorn and this machine can do at all right now: the baseline's /ping (no database).
        ceiling = run_wrk(
            baseline.url,
            "get",
            connections=TARGET_CONNECTIONS,
            seconds=3,
            env={"BENCH_PATH": "/ping", "BENCH_TOKEN": ""},
        )
        print(f"    loopback ceiling (baseline /ping, c{TARGET_CONNECTIONS}): {ceiling.ok_per_second:,.0f}/s")
        servers = {"chatlake": chatlake, "baseline": baseline}
        by_connections: dict[str, dict] = {}
        for connections in config.connections:
            for server in servers.values():  # unmeasured: first requests, caches, the connections' setup
                run_wrk(server.url, "messages", connections=connections, seconds=config.warmup_seconds, env=env)
            parts = alternate(
                servers,
                config.rounds,
                lambda server, c=connections: run_wrk(
                    server.url, "messages", connections=c, seconds=config.seconds, env=env
                ),
                f"{kind} c{connections}",
            )
            figures = {name: medians(results) for name, results in parts.items()}
            base = figures["baseline"]["ok_per_second"]
            figures["share_of_baseline"] = round(figures["chatlake"]["ok_per_second"] / base, 4) if base else None
            by_connections[str(connections)] = figures
        profile = profile_chatlake(chatlake, kind, env) if config.profile else None
    print()
    for connections, figures in by_connections.items():
        c = figures["chatlake"]
        tag = f"W1 {kind} c{connections}"
        if int(connections) == TARGET_CONNECTIONS:
            share = figures["share_of_baseline"]
            targets.check(
                f"{tag} share of the baseline's messages/s", None if share is None else share * 100, ">=", 25, "%"
            )
            targets.check(f"{tag} Chatlake p99", c["p99_ms"], "<=", P99_TARGET_MS, " ms")
        targets.check(f"{tag} Chatlake errors (and rounds with no answer)", c["errors"] + c["silent_rounds"], "<=", 0)
    return {
        "conversations": seeded.conversations,
        "seeded_messages": seeded.messages,
        "answers_compared": same,
        "loopback_ceiling": ceiling.summary(),
        **({"profile": profile} if profile else {}),
        "connections": by_connections,
    }


def print_table(results: dict) -> None:
    print()
    print(
        f"{'database':9s} {'conns':>5s} {'server':9s} {'msg/s':>9s} {'p50 ms':>8s} {'p99 ms':>8s} {'errors':>6s} share"
    )
    for kind, result in results.items():
        for connections, figures in result["connections"].items():
            for name in ("chatlake", "baseline"):
                f = figures[name]
                share = f"{figures['share_of_baseline'] * 100:.1f} %" if name == "chatlake" else ""
                print(
                    f"{kind:9s} {connections:>5s} {name:9s} {f['ok_per_second']:9,.0f} {f['p50_ms']:8.1f}"
                    f" {f['p99_ms']:8.1f} {f['errors']:6d} {share}"
                )


def main() -> int:
    pin_to_load_core()
    ensure_wrk()
    config = IngestConfig()
    targets = Targets()
    results: dict[str, dict] = {}
    for kind in databases_to_bench():
        if kind == "postgres" and (why := postgres_reachable(postgres_url())):
            print(f"PostgreSQL is not reachable at {postgres_url()}: {why}", file=sys.stderr)
            return 2
        print(f"W1 ingest on {kind}: {config.conversations:,} conversations, connections {config.connections}")
        results[kind] = run_database(kind, config, targets)
    print_table(results)
    path = write_results("ingest", {"config": config.as_dict(), "databases": results, "targets": targets.items})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
