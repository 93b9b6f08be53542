"""`make bench-peers`: W1 ingest against a peer, django-helpdesk, measured the same way in the same run.

django-helpdesk (from PyPI, the release pip resolves) is installed with uvicorn into its own virtualenv,
bench/.peers-venv (git-ignored), and served by a minimal Django site (bench/peers_site/) on the same kind of
database as Chatlake: a SQLite file, or a fresh PostgreSQL database (dropped afterwards). It gets one queue
of 1,000 tickets and a staff user with a REST framework token. The peer's counterpart of an API client
posting an incoming message is adding a follow-up to a ticket through its REST API
(`POST /helpdesk/api/followups/`, bench/lua/followups.lua).

Both servers run under uvicorn, one process each, pinned to the server core; wrk on the other core;
Chatlake (W1's message posts on a copy of the 1,000-conversation database) and the peer alternate for
BENCH_ROUNDS rounds at each of BENCH_PEER_CONNECTIONS (16); figures are medians. Target (issue 9):
Chatlake >= 10x the peer's requests/s at 16 connections.

    .venv/bin/python -m bench.peers        (BENCH_DB=postgres for PostgreSQL)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from bench.bulk_seed import clone, create_postgres_database, drop_clone, seeded_database
from bench.common import (
    BENCH_DIR,
    SERVER_CORE,
    Targets,
    databases_to_bench,
    env_float,
    env_int,
    env_ints,
    pin_to_load_core,
    pinned,
    postgres_url,
    write_results,
)
from bench.ingest import alternate, medians, message_env
from bench.servers import ServerProcess, chatlake_env, chatlake_server, free_port, postgres_reachable
from bench.wrk import ensure_wrk, run_wrk

PEERS_VENV = BENCH_DIR / ".peers-venv"
PEER_PACKAGES = ["django-helpdesk", "uvicorn", "psycopg[binary]"]
TICKETS = 1000
FACTOR_TARGET = 10.0
TARGET_CONNECTIONS = 16


def peer_python() -> Path:
    """The peers virtualenv's python, created and filled from PyPI when missing."""
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {PEERS_VENV} and installing {', '.join(PEER_PACKAGES)} from PyPI", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    found = subprocess.run(
        [str(python), "-c", "import helpdesk, uvicorn, psycopg, django; print(django.get_version())"],
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES], check=True)
    return python


def peer_version(python: Path) -> dict:
    out = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True, check=True
    ).stdout
    wanted = {"django-helpdesk", "django", "djangorestframework", "uvicorn", "psycopg"}
    return {p["name"].lower(): p["version"] for p in json.loads(out) if p["name"].lower() in wanted}


def peer_env(kind: str, work: Path, database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHATLAKE_", "DJANGO_"))}
    env["PYTHONPATH"] = str(BENCH_DIR.parent)
    env["DJANGO_SETTINGS_MODULE"] = "bench.peers_site.settings"
    env["PEER_SECRET_KEY"] = uuid.uuid4().hex
    if kind == "sqlite":
        env["PEER_DB_KIND"] = "sqlite"
        env["PEER_SQLITE_PATH"] = str(work / "peer.sqlite3")
    else:
        env["PEER_DB_KIND"] = "postgres"
        env["PEER_PG_NAME"] = database
    return env


def peer_server(python: Path, env: dict[str, str], work: Path) -> ServerProcess:
    port = free_port()
    argv = [str(python), "-m", "uvicorn", "bench.peers_site.asgi:application", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--log-level", "info"]
    return ServerProcess("peer", pinned(SERVER_CORE, argv), env, port, "/helpdesk/api/", work / "peer.log")


def run_database(kind: str, python: Path, targets: Targets) -> dict:
    connections_list = env_ints("BENCH_PEER_CONNECTIONS", str(TARGET_CONNECTIONS))
    rounds = max(1, env_int("BENCH_ROUNDS", 3))
    seconds = env_float("BENCH_SECONDS", 5)
    warmup = env_float("BENCH_WARMUP_SECONDS", 2)
    seeded = seeded_database(kind, 1000)
    suffix = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix=f"chatlake-peers-{kind}-") as tmp:
        work = Path(tmp)
        chatlake_target = str(work / "chatlake.sqlite3") if kind == "sqlite" else f"chatlake_bench_{suffix}"
        peer_database = f"chatlake_bench_peer_{suffix}"
        url = clone(seeded, chatlake_target)
        env = peer_env(kind, work, peer_database)
        if kind == "postgres":
            create_postgres_database(peer_database)
        servers: list[ServerProcess] = []
        try:
            setup = subprocess.run(
                [str(python), "-m", "bench.peers_site.setup_data", str(TICKETS)],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if setup.returncode != 0:
                raise SystemExit(f"setting up django-helpdesk failed:\n{setup.stderr[-3000:]}")
            peer_data = json.loads(setup.stdout.strip().splitlines()[-1])
            chatlake = chatlake_server(chatlake_env(url, work, seeded.secret_key), work, pinned(SERVER_CORE, []))
            servers.append(chatlake.start())
            servers.append(peer_server(python, env, work).start())
            peer = servers[1]
            envs = {
                "chatlake": ("messages", message_env(seeded, 1000)),
                "peer": (
                    "followups",
                    {
                        "BENCH_TOKEN": peer_data["token"],
                        "BENCH_FIRST_TICKET": str(peer_data["tickets"][0]),
                        "BENCH_TICKETS": str(TICKETS),
                    },
                ),
            }
            by_connections = {}
            for connections in connections_list:
                for name, server in (("chatlake", chatlake), ("peer", peer)):
                    script, script_env = envs[name]
                    run_wrk(server.url, script, connections=connections, seconds=warmup, env=script_env)

                def measure(server: ServerProcess, c: int = connections):
                    script, script_env = envs[server.name]
                    return run_wrk(server.url, script, connections=c, seconds=seconds, env=script_env)

                parts = alternate({"chatlake": chatlake, "peer": peer}, rounds, measure, f"{kind} c{connections}")
                figures = {name: medians(results) for name, results in parts.items()}
                p = figures["peer"]["ok_per_second"]
                figures["chatlake_over_peer"] = round(figures["chatlake"]["ok_per_second"] / p, 2) if p else None
                by_connections[str(connections)] = figures
        finally:
            for server in servers:
                server.stop()
            drop_clone(kind, chatlake_target)
            drop_clone(kind, peer_database)
    print()
    for connections, figures in by_connections.items():
        tag = f"W1 peer {kind} c{connections}"
        if int(connections) == TARGET_CONNECTIONS:
            targets.check(
                f"{tag} Chatlake over django-helpdesk", figures["chatlake_over_peer"], ">=", FACTOR_TARGET, "x"
            )
        for name, label in (("peer", "django-helpdesk"), ("chatlake", "Chatlake")):
            f = figures[name]
            targets.check(
                f"{tag} {label} errors (and rounds with no answer)", f["errors"] + f["silent_rounds"], "<=", 0
            )
    return {"connections": by_connections}


def main() -> int:
    pin_to_load_core()
    ensure_wrk()
    python = peer_python()
    versions = peer_version(python)
    print(f"peer: {versions}")
    targets = Targets()
    results = {}
    for kind in databases_to_bench():
        if kind == "postgres" and (why := postgres_reachable(postgres_url())):
            print(f"PostgreSQL is not reachable at {postgres_url()}: {why}", file=sys.stderr)
            return 2
        print(f"W1 against django-helpdesk on {kind}")
        results[kind] = run_database(kind, python, targets)
    print()
    for kind, result in results.items():
        for connections, f in result["connections"].items():
            print(
                f"{kind:9s} c{connections:<3s} Chatlake {f['chatlake']['ok_per_second']:8,.0f}/s"
                f" p99 {f['chatlake']['p99_ms']:8.1f} ms | django-helpdesk {f['peer']['ok_per_second']:8,.0f}/s"
                f" p99 {f['peer']['p99_ms']:8.1f} ms | ratio {f['chatlake_over_peer']}"
            )
    path = write_results("peers", {"peer": versions, "databases": results, "targets": targets.items})
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
