"""`make bench-dashboard`: the dashboard conversation list with 10,000 conversations.

For each database (BENCH_DB, default sqlite), one fresh database holds two accounts, each seeded through
Chatlake's actions (bench/seed.py, the one write path): a large one (BENCH_DASHBOARD_CONVERSATIONS, 10,000)
and a small one (BENCH_DASHBOARD_SMALL, 100) as the baseline. `chatlake serve --no-worker` serves it on a
loopback port; each account's administrator signs in to the dashboard (form POST with the CSRF token), and
the benchmark measures, on both accounts:

- the full page `GET /app` (the conversation list, first page), the list fragment the workspace re-fetches
  live (`GET /app/conversations/list`) and the API list (`GET /api/v1/accounts/{a}/conversations`):
  latency p50/p99 over loopback (which is the server's time plus a little client) and the server process's
  CPU per request, at concurrency 1 and 8;
- SQL statements and CPU time per request, in process, one request at a time (as bench/queries.py counts);
- browser page loads in headless Chromium (bench/dashboard_browser.py): navigation to `load` and to the
  first list row visible, median of several loads.

Figures are reported as ratios against the baselines of the same run, so they compare across machines:
10k page / 100 page (what the extra rows cost) and page / API list on the same data. Results: printed, and
written to bench/results/dashboard.json. Bounded: every load run stops at a request count or a time limit.

Knobs (environment):
  BENCH_DB                       sqlite (default), postgres, or sqlite,postgres
  BENCH_DASHBOARD_CONVERSATIONS  conversations in the large account (default 10000)
  BENCH_DASHBOARD_SMALL          conversations in the baseline account (default 100)
  BENCH_DASHBOARD_REQUESTS       measured requests per path, account and concurrency (default 200) ...
  BENCH_DASHBOARD_SECONDS        ... or this long, whichever ends first (default 10)
  BENCH_DASHBOARD_LOADS          measured browser loads per account (default 7)
  BENCH_DASHBOARD_IN_PROCESS     sequential in-process requests per path for the CPU figure (default 30)
  BENCH_DASHBOARD_RESEED         1: seed SQLite afresh even when a seeded copy is cached (see below)
  BENCH_POSTGRES_URL             as for `make bench`

Seeding 10,000 conversations through the actions takes many minutes on a small machine, so on SQLite the
seeded database is kept in bench/results/seeded/ (git-ignored; one file per pair of sizes) and copied by later
runs, keyed by the sizes,
bench/seed.py, the actions and the migrations: any change to how rows are written seeds afresh.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.common import databases_to_bench, env_float, env_int, machine, revision, run_client
from bench.dashboard_browser import browser_available, measure_loads
from bench.load import merge, run_load
from bench.seed import seed
from bench.servers import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    BenchDatabase,
    bootstrap,
    chatlake_env,
    chatlake_server,
    postgres_reachable,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_PATH = BENCH_DIR / "results" / "dashboard.json"
SEED_CACHE = BENCH_DIR / "results" / "seeded"
SMALL_EMAIL = "bench-small-admin@example.com"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
CONCURRENCY = (1, 8)
SEED_BATCH = 250
PATH_TITLES = {
    "page": "GET /app (full page)",
    "fragment": "GET /app/conversations/list",
    "api": "GET /api/v1/…/conversations",
}


class Config:
    def __init__(self) -> None:
        self.databases = databases_to_bench()
        self.large = env_int("BENCH_DASHBOARD_CONVERSATIONS", 10_000)
        self.small = env_int("BENCH_DASHBOARD_SMALL", 100)
        self.requests = env_int("BENCH_DASHBOARD_REQUESTS", 200)
        self.seconds = env_float("BENCH_DASHBOARD_SECONDS", 10)
        self.loads = env_int("BENCH_DASHBOARD_LOADS", 7)
        self.repeat = env_int("BENCH_DASHBOARD_IN_PROCESS", 30)
        self.revision = revision()  # the code measured, not what the checkout holds when the run ends
        self.reseed = os.environ.get("BENCH_DASHBOARD_RESEED", "") not in ("", "0", "false", "no")
        self.postgres_url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get(
            "CHATLAKE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        )

    def as_dict(self) -> dict:
        return {
            "large_conversations": self.large,
            "small_conversations": self.small,
            "requests": self.requests,
            "seconds_limit": self.seconds,
            "concurrency": list(CONCURRENCY),
            "browser_loads": self.loads,
            "in_process_requests": self.repeat,
        }


class Account:
    """One seeded account, its administrator signed in to the dashboard."""

    def __init__(self, name: str, boot: dict, email: str, conversations: int) -> None:
        self.name = name
        self.account_id = boot["account_id"]
        self.token = boot["api_access_token"]
        self.email = email
        self.conversations = conversations
        self.cookies: dict[str, str] = {}

    def paths(self) -> dict[str, str]:
        return {
            "page": "/app",
            "fragment": "/app/conversations/list",
            "api": f"/api/v1/accounts/{self.account_id}/conversations",
        }

    def headers(self, path: str) -> dict[str, str]:
        if path == "api":
            return {"api_access_token": self.token}
        return {"cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}


async def sign_in(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    """The dashboard's form sign-in, as a browser does it: the login page's CSRF token, then the POST."""
    page = await client.get("/app/login")
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError("the login page has no CSRF field")
    r = await client.post("/app/login", data={"email": email, "password": ADMIN_PASSWORD, "csrf_token": token.group(1)})
    if r.status_code != 303:
        raise RuntimeError(f"dashboard sign-in failed: HTTP {r.status_code} {r.text[:300]}")
    return dict(client.cookies.items())


async def sign_in_over_http(base_url: str, email: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30, follow_redirects=False) as client:
        return await sign_in(client, email)


def check_pages(base_url: str, accounts: list[Account]) -> dict:
    """Each page answers 200 with its first page of rows; returns sizes, so a broken page cannot pass as fast."""
    sizes: dict = {}
    for account in accounts:
        for name, path in account.paths().items():
            r = httpx.get(base_url + path, headers=account.headers(name), timeout=60, follow_redirects=False)
            if r.status_code != 200:
                raise RuntimeError(f"{account.name} {path}: HTTP {r.status_code} {r.text[:300]}")
            rows = r.text.count('class="conv-row') if name != "api" else len(r.json()["data"]["payload"])
            if rows != min(25, account.conversations):
                raise RuntimeError(f"{account.name} {path}: {rows} rows, expected {min(25, account.conversations)}")
            sizes.setdefault(account.name, {})[name] = {"bytes": len(r.content), "rows": rows}
    return sizes


def measure_http(server, accounts: list[Account], config: Config) -> dict:
    """Each path on each account at each concurrency: two rounds, the order reversed in the second, so a change
    in the machine's load hits all alike."""
    out: dict = {}
    for concurrency in CONCURRENCY:
        jobs = [(a, name, path) for a in accounts for name, path in a.paths().items()]
        parts: dict[tuple[str, str], list] = {(a.name, name): [] for a, name, _ in jobs}
        for round_no in range(2):
            for account, name, path in jobs if round_no == 0 else reversed(jobs):
                print(f"  c={concurrency} {account.name} {name}, round {round_no + 1}/2", flush=True)

                async def fn(client: httpx.AsyncClient, n: int, path: str = path) -> httpx.Response:
                    return await client.get(path)

                parts[(account.name, name)].append(
                    run_client(
                        run_load(
                            server.url,
                            fn,
                            requests=max(1, config.requests // 2),
                            concurrency=concurrency,
                            seconds=config.seconds / 2,
                            warmup=max(5, 2 * concurrency) if round_no == 0 else concurrency,
                            warmup_seconds=3,
                            headers=account.headers(name),
                            cpu_probe=server.cpu_seconds,
                        )
                    )
                )
        for (account_name, name), runs in parts.items():
            merged = merge(runs)
            if merged.errors:
                print(f"  {account_name} {name}: {merged.errors} errors, first: {merged.first_error}", file=sys.stderr)
            out.setdefault(account_name, {}).setdefault(name, {})[f"c{concurrency}"] = merged.summary()
    return out


async def in_process(settings_args: dict, accounts: list[Account], repeat: int) -> dict:
    """Statements per request of each path, and its CPU time, in process (create_app behind httpx's ASGI
    transport, one request at a time): no client, no socket, no other request, so the cost of the rows shows
    with less noise than over HTTP. CPU is the whole process's (SQLite's work runs in aiosqlite's thread; a
    PostgreSQL server's work is not in it)."""
    from sqlalchemy import event

    from chatlake.app import create_app
    from chatlake.config import Settings

    app = create_app(Settings(**settings_args, run_worker=False), run_worker=False)
    runtime = app.state.runtime
    seen: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        seen.append(" ".join(statement.split()))

    for engine in runtime.db.engines:
        event.listen(engine.sync_engine, "before_cursor_execute", record)
    out: dict = {}
    try:
        transport = httpx.ASGITransport(app=app)
        for account in accounts:
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                await sign_in(client, account.email)
                for name, path in account.paths().items():
                    headers = {"api_access_token": account.token} if name == "api" else None
                    await client.get(path, headers=headers)  # warm: first-use work is not per request
                    seen.clear()
                    response = await client.get(path, headers=headers)
                    response.raise_for_status()
                    sql = [s for s in seen if not s.upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
                    cpu, wall = [], []
                    for _ in range(repeat):
                        cpu0, wall0 = time.process_time(), time.perf_counter()
                        (await client.get(path, headers=headers)).raise_for_status()
                        cpu.append(1000 * (time.process_time() - cpu0))
                        wall.append(1000 * (time.perf_counter() - wall0))
                    out.setdefault(account.name, {})[name] = {
                        "statements": len(sql),
                        "cpu_ms_median": round(statistics.median(cpu), 2),
                        "wall_ms_median": round(statistics.median(wall), 2),
                        "requests": repeat,
                        "sql": sql,
                    }
    finally:
        await runtime.close()
    return out


def ratios(http: dict, inproc: dict, browser: dict | None) -> dict:
    """Large over small (what 10k conversations cost), and page over API list on the same account."""

    def p50(account: str, name: str, c: int) -> float:
        return http[account][name][f"c{c}"]["p50_ms"]

    def cpu(account: str, name: str) -> float:
        return inproc[account][name]["cpu_ms_median"]

    out: dict = {}
    for name in ("page", "fragment", "api"):
        out[f"{name}_large_over_small_cpu_in_process"] = round(cpu("large", name) / cpu("small", name), 2)
    for account in ("large", "small"):
        for name in ("page", "fragment"):
            out[f"{name}_over_api_{account}_cpu_in_process"] = round(cpu(account, name) / cpu(account, "api"), 2)
    for c in CONCURRENCY:
        for name in ("page", "fragment", "api"):
            out[f"{name}_large_over_small_p50_c{c}"] = round(p50("large", name, c) / p50("small", name, c), 2)
        for account in ("large", "small"):
            for name in ("page", "fragment"):
                out[f"{name}_over_api_{account}_p50_c{c}"] = round(p50(account, name, c) / p50(account, "api", c), 2)
    if browser:
        for key in ("load_ms", "first_row_visible_ms"):
            large, small = browser["large"]["median"][key], browser["small"]["median"][key]
            out[f"browser_{key.removesuffix('_ms')}_large_over_small"] = round(large / small, 2) if small else None
    return out


def run_database(kind: str, config: Config) -> dict:
    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix=f"chatlake-bench-dashboard-{kind}-") as tmp:
        work = Path(tmp)
        db = BenchDatabase.create(kind, work, config.postgres_url)
        try:
            result = _run_on(db, work, kind, config)
        finally:
            db.drop()
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "load_average_1m": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
        **result,
    }


def _seed_account(kind: str, db: BenchDatabase, work: Path, secret: str, account: Account) -> float:
    every = SEED_BATCH * max(1, account.conversations // 10 // SEED_BATCH)  # about ten progress lines

    def progress(done: int) -> None:
        if done % every == 0 or done == account.conversations:
            print(f"[{kind}]   {account.name}: {done}/{account.conversations}", flush=True)

    seeded = run_client(
        seed(
            db.chatlake_url,
            work / "data",
            secret,
            account.token,
            account.account_id,
            account.conversations,
            batch=SEED_BATCH,
            progress=progress,
        )
    )
    return seeded.seconds


def _seed_key(config: Config) -> str:
    """What the seeded rows depend on: the sizes and the code that writes them."""
    src = BENCH_DIR.parent / "src" / "chatlake"
    files = sorted([BENCH_DIR / "seed.py", *(src / "actions").glob("*.py"), *(src / "migrations").rglob("*.py")])
    digest = hashlib.sha256(f"{config.large}/{config.small}".encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _sqlite_copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()


def _seeded_accounts(db: BenchDatabase, work: Path, kind: str, config: Config) -> tuple[str, list[Account], dict]:
    """Bootstrap both accounts and seed them, or on SQLite copy the cached result of an identical seeding."""
    sizes = f"{config.large}-{config.small}"
    cached = SEED_CACHE / f"{sizes}-{_seed_key(config)}.sqlite3"
    sidecar = cached.with_suffix(".json")
    db_file = Path(db.chatlake_url.split(":///", 1)[1]) if kind == "sqlite" else None
    if db_file is not None and not config.reseed and cached.exists() and sidecar.exists():
        meta = json.loads(sidecar.read_text())
        print(f"[{kind}] using the seeded database cached in {cached.relative_to(BENCH_DIR.parent)}", flush=True)
        _sqlite_copy(cached, db_file)
        accounts = [Account(a["name"], a["boot"], a["email"], a["conversations"]) for a in meta["accounts"]]
        return meta["secret"], accounts, {"reused_from_cache": True, **meta["seed_seconds"]}

    secret = uuid.uuid4().hex
    env = chatlake_env(db.chatlake_url, work / "data", secret)
    large = Account("large", bootstrap(env), ADMIN_EMAIL, config.large)
    small = Account("small", bootstrap(env, email=SMALL_EMAIL, account_name="Bench Small"), SMALL_EMAIL, config.small)
    accounts = [large, small]
    seed_seconds = {}
    for account in accounts:
        print(
            f"[{kind}] seeding {account.conversations} conversations ({account.name}) through the actions", flush=True
        )
        seed_seconds[account.name] = round(_seed_account(kind, db, work, secret, account), 1)
        print(f"[{kind}] seeded {account.name} in {seed_seconds[account.name]:.0f}s", flush=True)
    if db_file is not None:
        SEED_CACHE.mkdir(parents=True, exist_ok=True)
        for old in [*SEED_CACHE.glob(f"{sizes}-*.sqlite3"), *SEED_CACHE.glob(f"{sizes}-*.json")]:
            old.unlink()  # an older seeding of the same sizes, by code that has changed since
        _sqlite_copy(db_file, cached)
        boots = [
            {
                "name": a.name,
                "email": a.email,
                "conversations": a.conversations,
                "boot": {"account_id": a.account_id, "api_access_token": a.token},
            }
            for a in accounts
        ]
        sidecar.write_text(json.dumps({"secret": secret, "accounts": boots, "seed_seconds": seed_seconds}))
    return secret, accounts, {"reused_from_cache": False, **seed_seconds}


def _run_on(db: BenchDatabase, work: Path, kind: str, config: Config) -> dict:
    secret, accounts, seed_seconds = _seeded_accounts(db, work, kind, config)
    env = chatlake_env(db.chatlake_url, work / "data", secret)

    server = chatlake_server(env, work).start()
    try:
        for account in accounts:
            account.cookies = run_client(sign_in_over_http(server.url, account.email))
        sizes = check_pages(server.url, accounts)
        print(f"[{kind}] HTTP: {', '.join(PATH_TITLES.values())}", flush=True)
        http = measure_http(server, accounts, config)
        statements = asyncio.run(
            in_process(
                {"database_url": db.chatlake_url, "data_dir": work / "data", "secret_key": secret},
                accounts,
                config.repeat,
            )
        )
        why_not = browser_available()
        browser = None
        if why_not is None:
            print(f"[{kind}] browser: {config.loads} loads of /app per account in headless Chromium", flush=True)
            targets = {a.name: [{"name": k, "value": v} for k, v in a.cookies.items()] for a in accounts}
            browser = measure_loads(server.url, targets, config.loads)
        else:
            print(f"[{kind}] browser skipped: {why_not}", file=sys.stderr)
    finally:
        server.stop()
    return {
        "seed_seconds": seed_seconds,
        "responses": sizes,
        "http": http,
        "statements": statements,
        **({"browser": browser} if browser else {"browser_skipped": why_not}),
        "ratios": ratios(http, statements, browser),
    }


def print_table(kind: str, result: dict, config: Config) -> None:
    seeded = result["seed_seconds"]
    how = "cached seeding, which took" if seeded["reused_from_cache"] else "seeded in"
    print(
        f"\n=== {kind}: {config.large} vs {config.small} conversations ({how} {seeded['large']:.0f}s"
        f" + {seeded['small']:.0f}s) ==="
    )
    print(
        f"{'path':<30} {'account':<7} {'stmts':>5} {'KB':>5} {'cpu 1by1':>8}"
        + "".join(f" {'p50 c' + str(c):>8} {'p99 c' + str(c):>8} {'cpu c' + str(c):>8}" for c in CONCURRENCY)
        + f" {'req/s c8':>9}"
    )
    for name, title in PATH_TITLES.items():
        for account in ("large", "small"):
            cells = result["http"][account][name]
            line = f"{title:<30} {account:<7} {result['statements'][account][name]['statements']:>5}"
            line += f" {result['responses'][account][name]['bytes'] / 1024:>5.0f}"
            line += f" {result['statements'][account][name]['cpu_ms_median']:>8.1f}"
            for c in CONCURRENCY:
                cell = cells[f"c{c}"]
                cpu = cell["server_cpu_ms_per_request"]
                line += f" {cell['p50_ms']:>8.1f} {cell['p99_ms']:>8.1f} {'-' if cpu is None else f'{cpu:.1f}':>8}"
            line += f" {cells['c8']['rps']:>9.1f}"
            print(line)
    if "browser" in result:
        print(f"\nbrowser, median of {config.loads} loads (ms since navigation start):")
        keys = ("first_byte_ms", "html_received_ms", "first_contentful_paint_ms", "first_row_visible_ms", "load_ms")
        print(f"{'account':<8}" + "".join(f" {k.removesuffix('_ms'):>20}" for k in keys))
        for account in ("large", "small"):
            median = result["browser"][account]["median"]
            print(f"{account:<8}" + "".join(f" {median[k]:>20.1f}" for k in keys))
    else:
        print(f"\nbrowser skipped: {result['browser_skipped']}")
    print("cpu 1by1: CPU ms per request in process, one at a time (median); cpu cN: server CPU ms per request over")
    print("HTTP at concurrency N; p50/p99: latency ms over loopback; stmts: SQL statements per request")
    print("\nratios:")
    for key, value in result["ratios"].items():
        print(f"  {key:<42} {value}")
    load = result["load_average_1m"]
    print(f"load average (1 min) before/after: {load['before']:.2f}/{load['after']:.2f} on {os.cpu_count()} CPUs")


def write_results(results: dict, config: Config) -> Path:
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    previous: dict = {}
    if RESULTS_PATH.exists():
        try:
            previous = json.loads(RESULTS_PATH.read_text()).get("databases", {})
        except (OSError, ValueError):
            previous = {}
    body = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": config.revision,
        "machine": machine(),
        "settings": config.as_dict(),
        "databases": {**previous, **results},
    }
    RESULTS_PATH.write_text(json.dumps(body, indent=2) + "\n")
    return RESULTS_PATH


def main() -> None:
    # A stopped run still drops its PostgreSQL database and stops its server (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    config = Config()
    results: dict = {}
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
        print(f"\nresults: {write_results(results, config).relative_to(BENCH_DIR.parent)}")
    errors = sum(
        cell["errors"]
        for res in results.values()
        for paths in res["http"].values()
        for cells in paths.values()
        for cell in cells.values()
    )
    if errors:
        print(f"{errors} requests failed: the figures are not valid", file=sys.stderr)
    sys.exit(1 if errors or failures or not results else 0)


if __name__ == "__main__":
    main()
