"""W2 the conversation list: `GET /api/v1/accounts/{a}/conversations` (25 conversations with their counts)
at growing data sizes, Chatlake against the raw baseline in the same run.

For each database (BENCH_DB) and size (BENCH_LIST_SIZES, default 1,000, 10,000 and 100,000 conversations,
ten messages each: 1M messages at 100,000) a copy of the cached bulk-seeded database (bench/bulk_seed.py;
the first run builds it, about a minute at 100,000 on SQLite here) is served by Chatlake
(`chatlake serve --no-worker`) and by the baseline (bench/baseline_app.py, list endpoint), both pinned to the
server core; wrk on the other core GETs the first page with the API access token at each connection count
(BENCH_LIST_CONNECTIONS, default 1: the latency one client sees), alternating the two servers for
BENCH_ROUNDS rounds; figures are medians of the rounds.

Targets (issue 9): Chatlake's p99 <= 30 ms at the largest size, and <= 2x its figure at the smallest.

    .venv/bin/python -m bench.list_latency
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import httpx

from bench.bulk_seed import seeded_database
from bench.common import (
    Targets,
    databases_to_bench,
    env_float,
    env_int,
    env_ints,
    pin_to_load_core,
    postgres_url,
    write_results,
)
from bench.ingest import alternate, medians, served_pair
from bench.servers import ServerProcess, postgres_reachable
from bench.wrk import ensure_wrk, run_wrk

P99_TARGET_MS = 30.0
GROWTH_TARGET = 2.0


class ListConfig:
    def __init__(self) -> None:
        self.sizes = env_ints("BENCH_LIST_SIZES", "1000,10000,100000")
        self.connections = env_ints("BENCH_LIST_CONNECTIONS", "1")
        self.seconds = env_float("BENCH_LIST_SECONDS", 4)
        self.rounds = max(1, env_int("BENCH_ROUNDS", 3))
        self.warmup_seconds = env_float("BENCH_WARMUP_SECONDS", 2)

    def as_dict(self) -> dict:
        return dict(vars(self))


def check_same_list(chatlake: ServerProcess, baseline: ServerProcess, path: str, token: str) -> dict:
    """Both list the same 25 conversations with the same counts (they read the same database)."""
    headers = {"api_access_token": token}
    a, b = (httpx.get(s.url + path, headers=headers, timeout=60).json()["data"] for s in (chatlake, baseline))
    if a["meta"] != b["meta"] or [c["id"] for c in a["payload"]] != [c["id"] for c in b["payload"]]:
        raise SystemExit(f"baseline and Chatlake disagree on the list page:\n{a['meta']}\n{b['meta']}")
    differing = sorted(
        {k for x, y in zip(a["payload"], b["payload"], strict=True) for k in set(x) | set(y) if x.get(k) != y.get(k)}
    )
    if differing:
        print(f"  note: the list JSON differs between Chatlake and the baseline in: {differing}")
    return {"rows": len(a["payload"]), "meta": a["meta"], "fields_differing": differing}


def run_database(kind: str, config: ListConfig, targets: Targets) -> dict:
    by_size: dict[str, dict] = {}
    for size in config.sizes:
        seeded = seeded_database(kind, size)
        if seeded.seconds:
            print(f"  seeded {size:,} conversations in {seeded.seconds:.0f} s (cached for next runs)")
        path = f"/api/v1/accounts/{seeded.account_id}/conversations"
        env = {"BENCH_TOKEN": seeded.token, "BENCH_PATH": path}
        with (
            tempfile.TemporaryDirectory(prefix=f"chatlake-w2-{kind}-") as tmp,
            served_pair(kind, seeded, Path(tmp), shared=True) as (chatlake, baseline),
        ):
            same = check_same_list(chatlake, baseline, path, seeded.token)
            servers = {"chatlake": chatlake, "baseline": baseline}
            figures_by_connections = {}
            for connections in config.connections:
                for server in servers.values():
                    run_wrk(server.url, "get", connections=connections, seconds=config.warmup_seconds, env=env)
                parts = alternate(
                    servers,
                    config.rounds,
                    lambda server, c=connections, e=env: run_wrk(
                        server.url, "get", connections=c, seconds=config.seconds, env=e
                    ),
                    f"{kind} {size:,} c{connections}",
                )
                figures_by_connections[str(connections)] = {name: medians(r) for name, r in parts.items()}
        by_size[str(size)] = {"messages": seeded.messages, "answers_compared": same, **figures_by_connections}
    print()
    smallest, largest = str(min(config.sizes)), str(max(config.sizes))
    for connections in map(str, config.connections):
        small = by_size[smallest][connections]["chatlake"]
        large = by_size[largest][connections]["chatlake"]
        tag = f"W2 {kind} c{connections}"
        targets.check(f"{tag} p99 at {int(largest):,} conversations", large["p99_ms"], "<=", P99_TARGET_MS, " ms")
        growth = large["p99_ms"] / small["p99_ms"] if small["p99_ms"] else None
        targets.check(f"{tag} p99 at {int(largest):,} over p99 at {int(smallest):,}", growth, "<=", GROWTH_TARGET, "x")
        bad = sum(
            by_size[s][connections]["chatlake"]["errors"] + by_size[s][connections]["chatlake"]["silent_rounds"]
            for s in by_size
        )
        targets.check(f"{tag} errors (and rounds with no answer)", bad, "<=", 0)
    return {"sizes": by_size}


def print_table(results: dict) -> None:
    print()
    print(f"{'database':9s} {'size':>8s} {'conns':>5s} {'server':9s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s}")
    for kind, result in results.items():
        for size, by_size in result["sizes"].items():
            for connections, figures in by_size.items():
                if not connections.isdigit():
                    continue
                for name in ("chatlake", "baseline"):
                    f = figures[name]
                    print(
                        f"{kind:9s} {int(size):8,d} {connections:>5s} {name:9s} {f['ok_per_second']:8,.0f}"
                        f" {f['p50_ms']:8.1f} {f['p99_ms']:8.1f}"
                    )


def main() -> int:
    pin_to_load_core()
    ensure_wrk()
    config = ListConfig()
    targets = Targets()
    results: dict[str, dict] = {}
    for kind in databases_to_bench():
        if kind == "postgres" and (why := postgres_reachable(postgres_url())):
            print(f"PostgreSQL is not reachable at {postgres_url()}: {why}", file=sys.stderr)
            return 2
        print(f"W2 conversation list on {kind}: sizes {config.sizes}, connections {config.connections}")
        results[kind] = run_database(kind, config, targets)
    print_table(results)
    path = write_results("list", {"config": config.as_dict(), "databases": results, "targets": targets.items})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
