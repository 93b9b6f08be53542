"""`make bench`: Chatlake's hot paths against a raw baseline, measured in the same run on the same machine.

For each database (BENCH_DB, default sqlite): bootstrap an account with `chatlake bootstrap --json`, seed it
through Chatlake's actions, clone the database for the baseline, serve Chatlake (`chatlake serve --no-worker`)
and the baseline (bench/baseline_app.py) under uvicorn in their own processes, and drive both with the same
closed-loop load. Figures are throughput, p50 and p99 latency, and Chatlake's throughput as a share of the
baseline's. Results: printed, and written to bench/results/latest.json.

Knobs (environment):
  BENCH_DB            sqlite (default), postgres, or sqlite,postgres
  BENCH_REQUESTS      measured requests per server and path (default 3000), or fewer if BENCH_SECONDS ends first
  BENCH_SECONDS       time limit of one comparison, per server, split over the rounds (default 8)
  BENCH_WARMUP        unmeasured warm-up requests before each comparison (default 200), ...
  BENCH_WARMUP_SECONDS  ... or this long, whichever ends first (default 2)
  BENCH_CONCURRENCY   concurrent client workers (default 16)
  BENCH_ROUNDS        each comparison alternates Chatlake and the baseline in this many rounds (default 3),
                      splitting BENCH_REQUESTS and BENCH_SECONDS between them
  BENCH_CONVERSATIONS conversations seeded into the account (default 2000)
  BENCH_POSTGRES_URL  server for BENCH_DB=postgres (default $CHATLAKE_TEST_POSTGRES_URL or
                      postgresql+asyncpg://postgres@127.0.0.1:5432/test); a fresh database is created
                      there and dropped afterwards
  BENCH_PROFILE       1: afterwards, profile Chatlake on each path with py-spy (if installed)
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.baseline_app import STATEMENTS_HEADER
from bench.load import LoadResult, merge, run_load
from bench.queries import count_statements
from bench.seed import seed
from bench.servers import (
    BenchDatabase,
    ServerProcess,
    baseline_server,
    bootstrap,
    chatlake_env,
    chatlake_server,
    postgres_reachable,
    py_spy,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
GOAL = 0.5  # DESIGN.md section 5: at least half the baseline's throughput
PATHS = {
    "conversation_list": "GET conversations (page of 25)",
    "create_message": "POST message",
}


def run_client(coro):
    """Run the load generator (or the seeding) on uvloop when installed (it comes with uvicorn[standard]): one
    Python process then drives more requests, and seeds faster."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def databases_to_bench() -> list[str]:
    """BENCH_DB: "sqlite" (default), "postgres" or both, comma-separated."""
    databases = [d.strip() for d in os.environ.get("BENCH_DB", "sqlite").split(",") if d.strip()]
    for d in databases:
        if d not in ("sqlite", "postgres"):
            raise SystemExit(f"BENCH_DB: unknown database {d!r} (sqlite, postgres)")
    return databases


class Config:
    def __init__(self) -> None:
        self.databases = databases_to_bench()
        self.requests = env_int("BENCH_REQUESTS", 3000)
        self.seconds = env_float("BENCH_SECONDS", 8)
        self.warmup = env_int("BENCH_WARMUP", 200)
        self.warmup_seconds = env_float("BENCH_WARMUP_SECONDS", 2)
        self.concurrency = env_int("BENCH_CONCURRENCY", 16)
        self.rounds = max(1, env_int("BENCH_ROUNDS", 3))
        self.conversations = env_int("BENCH_CONVERSATIONS", 2000)
        self.postgres_url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get(
            "CHATLAKE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        )
        self.profile = os.environ.get("BENCH_PROFILE", "") not in ("", "0", "false", "no")

    def as_dict(self) -> dict:
        return {
            "requests": self.requests,
            "seconds_limit": self.seconds,
            "warmup_requests": self.warmup,
            "warmup_seconds_limit": self.warmup_seconds,
            "concurrency": self.concurrency,
            "rounds": self.rounds,
            "conversations": self.conversations,
        }


def request_fns(account_id: int, conversations: int):
    """The requests of each path; both servers get the same sequence (fixed seed)."""
    base = f"/api/v1/accounts/{account_id}"
    targets = random.Random(20240601)
    picks = [targets.randint(1, conversations) for _ in range(100_000)]

    async def create_message(client: httpx.AsyncClient, n: int) -> httpx.Response:
        display_id = picks[n % len(picks)]
        return await client.post(
            f"{base}/conversations/{display_id}/messages",
            json={"content": f"Thanks for waiting, this is reply {n}.", "message_type": "outgoing"},
        )

    async def conversation_list(client: httpx.AsyncClient, n: int) -> httpx.Response:
        return await client.get(f"{base}/conversations")

    async def ping(client: httpx.AsyncClient, n: int) -> httpx.Response:
        return await client.get("/ping")

    return {"create_message": create_message, "conversation_list": conversation_list, "ping": ping}


def measure(server: ServerProcess, fn, config: Config, token: str | None, *, rounds: int = 1, round_no: int = 0):
    """One round: 1/rounds of the request count and of the time limit. The first round warms up fully; later
    ones only open the client's connections again."""
    per_round = math.ceil(config.requests / rounds)
    warmup = config.warmup if round_no == 0 else config.concurrency
    return run_client(
        run_load(
            server.url,
            fn,
            requests=per_round,
            concurrency=config.concurrency,
            seconds=config.seconds / rounds,
            warmup=warmup,
            warmup_seconds=config.warmup_seconds,
            first=round_no * (per_round + config.warmup),
            headers={"api_access_token": token} if token else None,
            cpu_probe=server.cpu_seconds,
            db_cpu_probe=server.db_cpu_probe,
        )
    )


def compare(servers: dict[str, ServerProcess], fn, config: Config, token: str, label: str) -> dict:
    """Chatlake and the baseline in alternating rounds, so a change in the machine's load hits both alike."""
    parts: dict[str, list[LoadResult]] = {name: [] for name in servers}
    for round_no in range(config.rounds):
        order = list(servers.items())
        if round_no % 2:
            order.reverse()
        for name, server in order:
            print(f"  {label}: {name}, round {round_no + 1}/{config.rounds}", flush=True)
            parts[name].append(measure(server, fn, config, token, rounds=config.rounds, round_no=round_no))
    merged = {name: merge(runs) for name, runs in parts.items()}
    for name, result in merged.items():
        if result.errors:
            print(f"  {name}: {result.errors} errors, first: {result.first_error}", file=sys.stderr)
    base_rps = merged["baseline"].rps
    cpu_c, cpu_b = merged["chatlake"].server_cpu_ms_per_request, merged["baseline"].server_cpu_ms_per_request
    round_ratios = [
        round(c.rps / b.rps, 3) if b.rps else None for c, b in zip(parts["chatlake"], parts["baseline"], strict=True)
    ]
    return {
        **{name: r.summary() for name, r in merged.items()},
        "ratio": round(merged["chatlake"].rps / base_rps, 3) if base_rps else None,
        "round_ratios": round_ratios,
        # Baseline CPU per request / Chatlake CPU per request: the same question asked of CPU time, which
        # other work on the machine disturbs less than throughput.
        "cpu_ratio": round(cpu_b / cpu_c, 3) if cpu_b and cpu_c else None,
    }


def check_same_answers(chatlake: ServerProcess, baseline: ServerProcess, token: str, account_id: int) -> dict:
    """Both servers must answer with the same JSON, or the comparison means nothing. The databases are clones,
    so the list pages must be equal; the created messages equal but for ids and times."""
    path = f"/api/v1/accounts/{account_id}/conversations"
    headers = {"api_access_token": token}
    a = httpx.get(chatlake.url + path, headers=headers, timeout=30).json()["data"]
    b_response = httpx.get(baseline.url + path, headers=headers, timeout=30)
    b = b_response.json()["data"]
    if a["meta"] != b["meta"] or [c["id"] for c in a["payload"]] != [c["id"] for c in b["payload"]]:
        raise SystemExit(f"baseline and Chatlake disagree on the list page:\n{a['meta']}\n{b['meta']}")
    differing = sorted(
        {k for x, y in zip(a["payload"], b["payload"], strict=True) for k in set(x) | set(y) if x.get(k) != y.get(k)}
    )
    body = {"content": "Checking both servers answer alike.", "message_type": "outgoing"}
    ma = httpx.post(chatlake.url + path + "/1/messages", headers=headers, json=body, timeout=30).json()
    mb_response = httpx.post(baseline.url + path + "/1/messages", headers=headers, json=body, timeout=30)
    mb = mb_response.json()
    volatile = {"created_at", "updated_at"}
    differing_message = sorted(k for k in set(ma) | set(mb) if k not in volatile and ma.get(k) != mb.get(k))
    for what, keys in (("conversation list", differing), ("created message", differing_message)):
        if keys:
            print(f"  note: {what} JSON differs between Chatlake and the baseline in: {keys}", file=sys.stderr)
    return {
        "list_fields_differing": differing,
        "message_fields_differing": differing_message,
        "baseline_statements": {
            "conversation_list": int(b_response.headers[STATEMENTS_HEADER]),
            "create_message": int(mb_response.headers[STATEMENTS_HEADER]),
        },
    }


def profile_chatlake(server: ServerProcess, fn, config: Config, token: str, out: Path) -> dict | None:
    """A separate, unmeasured run with py-spy attached (--gil: samples of the thread running Python, i.e. where
    the server's CPU time goes); returns where the samples fall."""
    spy = py_spy()
    if spy is None:
        return None
    seconds = max(4.0, min(config.seconds, 8.0))
    raw = out.with_suffix(".txt")
    proc = subprocess.Popen(
        [spy, "record", "--pid", str(server.pid), "--duration", str(int(seconds)), "--rate", "250", "--gil"]
        + ["--format", "raw", "--output", str(raw)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.5)
    run_client(
        run_load(
            server.url,
            fn,
            requests=10**7,
            concurrency=config.concurrency,
            seconds=seconds + 1,
            warmup=0,
            headers={"api_access_token": token},
        )
    )
    _out, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or not raw.exists():
        print(f"  py-spy failed: {err.decode(errors='replace').strip()[:300]}", file=sys.stderr)
        return None
    from bench.profile_summary import summarise

    return summarise(raw)


def run_database(kind: str, config: Config) -> dict:
    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix=f"chatlake-bench-{kind}-") as tmp:
        work = Path(tmp)
        db = BenchDatabase.create(kind, work, config.postgres_url)
        try:
            result = _run_on(db, work, kind, config)
        finally:
            db.drop()
    load_after = os.getloadavg()
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "load_average_1m": {"before": round(load_before[0], 2), "after": round(load_after[0], 2)},
        **result,
    }


def _run_on(db: BenchDatabase, work: Path, kind: str, config: Config) -> dict:
    secret = uuid.uuid4().hex
    env = chatlake_env(db.chatlake_url, work / "data", secret)
    print(f"[{kind}] bootstrap and seed {config.conversations} conversations ...", flush=True)
    boot = bootstrap(env)
    token, account_id = boot["api_access_token"], boot["account_id"]
    seeded = run_client(seed(db.chatlake_url, work / "data", secret, token, account_id, config.conversations))
    print(f"[{kind}] seeded in {seeded.seconds:.1f}s; cloning the database for the baseline", flush=True)
    db.clone_for_baseline()

    servers: list[ServerProcess] = []
    profiles: dict[str, dict] = {}
    try:
        chatlake = chatlake_server(env, work).start()
        servers.append(chatlake)
        baseline = baseline_server(db.baseline_url, work).start()
        servers.append(baseline)
        chatlake.db_cpu_probe, baseline.db_cpu_probe = db.server_cpu_probe(0), db.server_cpu_probe(1)
        same = check_same_answers(chatlake, baseline, token, account_id)
        fns = request_fns(account_id, config.conversations)

        print(f"[{kind}] loopback ceiling (baseline /ping, no database) ...", flush=True)
        ceiling = measure(baseline, fns["ping"], config, None, rounds=3)
        paths: dict[str, dict] = {}
        # Reads first (they change nothing), then writes.
        for path in ("conversation_list", "create_message"):
            print(f"[{kind}] {path}", flush=True)
            paths[path] = compare({"chatlake": chatlake, "baseline": baseline}, fns[path], config, token, path)

        if config.profile:
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            for path in ("conversation_list", "create_message"):
                print(f"[{kind}] profiling chatlake on {path} with py-spy ...", flush=True)
                summary = profile_chatlake(chatlake, fns[path], config, token, RESULTS_DIR / f"profile-{kind}-{path}")
                if summary is not None:
                    profiles[path] = summary
    finally:
        for server in servers:
            server.stop()

    # Statements per request, counted in a separate, in-process measurement (no server, no load).
    counts = asyncio.run(count_statements(db.chatlake_url, work / "data", secret, token, account_id, 1))
    for path, info in counts.items():
        # Without BEGIN: SQLite's BEGIN goes through the cursor, PostgreSQL's does not.
        paths[path]["chatlake"]["statements"] = sum(1 for sql in info["sql"] if not sql.upper().startswith("BEGIN"))
        paths[path]["chatlake_sql"] = info["sql"]
    for path, count in same.pop("baseline_statements").items():
        paths[path]["baseline"]["statements"] = count
    return {
        "seed_seconds": round(seeded.seconds, 1),
        "answers_compared": same,
        "ceiling": ceiling.summary(),
        "paths": paths,
        **({"profiles": profiles} if profiles else {}),
    }


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def revision() -> str:
    """This checkout's commit, and whether its src/ has uncommitted changes; or where chatlake came from when it
    is not this checkout's src/ (e.g. PYTHONPATH pointing at an exported tree)."""
    import chatlake

    source = Path(chatlake.__file__).resolve().parent.parent
    if source != BENCH_DIR.parent / "src":
        return f"chatlake imported from {source}"
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "src"],
            cwd=BENCH_DIR.parent,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return sha + ("+uncommitted src changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def print_table(kind: str, result: dict, config: Config) -> None:
    c = result["ceiling"]
    print()
    print(
        f"{kind}: {config.concurrency} concurrent clients, {config.conversations} conversations, "
        f"up to {config.requests} requests or {config.seconds:g}s per comparison, {config.rounds} rounds"
    )
    header = (
        f"{'path':<32}{'server':<10}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>7}{'stmts':>6}"
        f"{'cpu ms':>8}{'ratio':>8}{'cpu ratio':>10}"
    )
    print(header)
    print("-" * len(header))
    label = "loopback ceiling (/ping, no DB)"
    print(
        f"{label:<32}{'baseline':<10}{c['rps']:>8.0f}{c['p50_ms']:>9.1f}{c['p99_ms']:>9.1f}{c['errors']:>7}{'':>6}"
        f"{_num(c['server_cpu_ms_per_request']):>8}"
    )
    for path, label in PATHS.items():
        info = result["paths"][path]
        for name in ("chatlake", "baseline"):
            r = info[name]
            ratio = cpu_ratio = ""
            if name == "chatlake":
                ratio = _num(info["ratio"], 2) + (" <" if info["ratio"] is not None and info["ratio"] < GOAL else "  ")
                cpu_ratio = _num(info["cpu_ratio"], 2)
            print(
                f"{label if name == 'chatlake' else '':<32}{name:<10}{r['rps']:>8.0f}{r['p50_ms']:>9.1f}"
                f"{r['p99_ms']:>9.1f}{r['errors']:>7}{r.get('statements', ''):>6}"
                f"{_num(r['server_cpu_ms_per_request']):>8}{ratio:>8}{cpu_ratio:>10}"
            )
    spread = ", ".join(
        f"{path} {min(info['round_ratios']):.2f}-{max(info['round_ratios']):.2f}"
        for path, info in result["paths"].items()
        if info["round_ratios"] and None not in info["round_ratios"]
    )
    print(f"ratio = Chatlake req/s / baseline req/s, goal >= {GOAL} ('<': below it); per round: {spread}")
    print("cpu ms = server process CPU time per request (all threads; SQLite's work included, PostgreSQL's not)")
    print("cpu ratio = baseline cpu ms / Chatlake cpu ms")
    print("stmts = SQL statements per request, without BEGIN/COMMIT")
    load = result["load_average_1m"]  # before: ahead of seeding; after: includes this benchmark
    cpus = os.cpu_count() or 1
    print(f"load average (1 min) before/after: {load['before']:.2f}/{load['after']:.2f} on {cpus} CPUs", end="")
    busy = load["before"] > cpus / 2
    print(" -- other work was running on the machine: figures are noisy" if busy else "")


def _num(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def write_results(results: dict[str, dict], config: Config) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / "latest.json"
    previous: dict = {}
    if path.exists():
        try:
            previous = json.loads(path.read_text()).get("databases", {})
        except (OSError, ValueError):
            previous = {}
    body = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": revision(),
        "machine": machine(),
        "settings": config.as_dict(),
        "goal_ratio": GOAL,
        # Databases not run this time keep their previous figures (each carries its measured_at).
        "databases": {**previous, **results},
    }
    path.write_text(json.dumps(body, indent=2) + "\n")
    return path


def main() -> None:
    config = Config()
    results: dict[str, dict] = {}
    failures = 0
    for kind in config.databases:
        if kind == "postgres":
            why = postgres_reachable(config.postgres_url)
            if why is not None:
                print(f"[postgres] skipped: cannot reach {config.postgres_url}: {why}", file=sys.stderr)
                failures += 1
                continue
        results[kind] = run_database(kind, config)
        print_table(kind, results[kind], config)
    if results:
        path = write_results(results, config)
        print(f"\nresults: {path.relative_to(BENCH_DIR.parent)}")
    errors = sum(
        info[name]["errors"]
        for res in results.values()
        for info in res["paths"].values()
        for name in ("chatlake", "baseline")
    )
    if errors:
        print(f"{errors} requests failed: the figures are not valid", file=sys.stderr)
    sys.exit(1 if errors or failures or not results else 0)


if __name__ == "__main__":
    main()
