"""Databases and server processes for the benchmarks: both servers run under uvicorn in their own process."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

ADMIN_EMAIL = "bench-admin@example.com"
ADMIN_PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------------------------
# Databases


@dataclass
class BenchDatabase:
    kind: str  # "sqlite" | "postgres"
    chatlake_url: str
    baseline_url: str
    admin_url: str | None = None  # PostgreSQL: where CREATE/DROP DATABASE run
    names: tuple[str, ...] = ()

    @classmethod
    def create(cls, kind: str, work_dir: Path, postgres_url: str) -> BenchDatabase:
        if kind == "sqlite":
            return cls(
                kind,
                chatlake_url=f"sqlite+aiosqlite:///{work_dir / 'chatlake.sqlite3'}",
                baseline_url=f"sqlite+aiosqlite:///{work_dir / 'baseline.sqlite3'}",
            )
        suffix = uuid.uuid4().hex[:10]
        names = (f"chatlake_bench_{suffix}", f"chatlake_bench_{suffix}_baseline")
        server = postgres_url.rsplit("/", 1)[0]
        db = cls(kind, f"{server}/{names[0]}", f"{server}/{names[1]}", admin_url=postgres_url, names=names)
        _pg_admin(postgres_url, [f'CREATE DATABASE "{names[0]}"'])
        return db

    def clone_for_baseline(self) -> None:
        """The baseline gets a copy of the migrated, seeded database: the same schema and the same rows."""
        if self.kind == "sqlite":
            source = sqlite3.connect(self.chatlake_url.split(":///", 1)[1])
            target = sqlite3.connect(self.baseline_url.split(":///", 1)[1])
            with target:
                source.backup(target)
            source.close()
            target.close()
            return
        _pg_admin(self.admin_url, [f'CREATE DATABASE "{self.names[1]}" TEMPLATE "{self.names[0]}"'])

    def server_cpu_probe(self, which: int):
        """PostgreSQL: a function giving the CPU seconds used so far by the backends serving database `which`
        (0 Chatlake's, 1 the baseline's), when the server runs on this machine and /proc shows it.

        A backend that exits takes its CPU time with it, so the probe answers None (unknown) once a backend it
        saw has gone; backends that start and end between two probes go unseen: the figure is a lower bound."""
        if self.kind != "postgres":
            return None
        name = f" {self.names[which]} ".encode()
        seen: set[str] = set()

        def probe() -> float | None:
            total, found = 0.0, False
            pids: set[str] = set()
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    title = (entry / "cmdline").read_bytes()
                    if not title.startswith(b"postgres: ") or name not in title:
                        continue
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                pids.add(entry.name)
                found = True
            gone = seen - pids
            seen.clear()
            seen.update(pids)
            return total if found and not gone else None

        return probe

    def drop(self) -> None:
        if self.kind == "postgres":
            _pg_admin(self.admin_url, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self.names])


def _pg_admin(url: str, statements: list[str]) -> None:
    async def go() -> None:
        import asyncpg

        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(go())


def postgres_reachable(url: str) -> str | None:
    """None when reachable, else why not."""
    try:
        _pg_admin(url, ["SELECT 1"])
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable here"
        return f"{type(exc).__name__}: {exc}"
    return None


# ---------------------------------------------------------------------------------------------------------------
# Chatlake's command line


def chatlake_env(database_url: str, data_dir: Path, secret_key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATLAKE_")}
    env.update(
        CHATLAKE_DATABASE_URL=database_url,
        CHATLAKE_DATA_DIR=str(data_dir),
        CHATLAKE_SECRET_KEY=secret_key,
        CHATLAKE_RUN_WORKER="false",
    )
    return env


def bootstrap(
    env: dict[str, str], *, email: str = ADMIN_EMAIL, account_name: str = "Bench Co", password: str = ADMIN_PASSWORD
) -> dict:
    """`chatlake bootstrap --json`: migrate, create the account and its administrator (another email: another
    account in the same database)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "chatlake.cli",
            "bootstrap",
            "--account-name",
            account_name,
            "--email",
            email,
            "--password",
            password,
            "--name",
            "Bench Admin",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"chatlake bootstrap failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------------------------------------------
# Server processes


class ServerProcess:
    """A server in its own process, its output in a log file; ready when `ready_path` answers."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], port: int, ready_path: str, log: Path):
        self.name = name
        self.argv = argv
        self.env = env
        self.port = port
        self.ready_path = ready_path
        self.log_path = log
        self.proc: subprocess.Popen | None = None
        self._log = None
        # PostgreSQL: CPU seconds of the database backends serving this server (see BenchDatabase).
        self.db_cpu_probe = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 60) -> ServerProcess:
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start:\n{self.log_tail()}")
            try:
                httpx.get(self.url + self.ready_path, timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not come up in {timeout:.0f}s:\n{self.log_tail()}")

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the server process and all its threads (Linux /proc)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def keep_log_tail(self, lines: int = 2000) -> None:
        """The server's log without its successful access lines (errors, tracebacks, start and stop), kept in
        bench/results/logs/: its own directory is temporary."""
        if self.proc is None:
            return
        kept = Path(__file__).resolve().parent / "results" / "logs"
        kept.mkdir(parents=True, exist_ok=True)
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return
        interesting = [line for line in text if not re.search(r'HTTP/1\.1" 2\d\d ', line)]
        (kept / f"{self.name}-{self.port}.log").write_text("\n".join(interesting[-lines:]) + "\n")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        self.keep_log_tail()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self._log is not None:
            self._log.close()
            self._log = None


def chatlake_server(
    env: dict[str, str], log_dir: Path, wrap: list[str] | None = None, *, worker: bool = False, name: str = "chatlake"
) -> ServerProcess:
    """`chatlake serve` as a user runs it; without the in-process delivery worker unless `worker`."""
    port = free_port()
    argv = [sys.executable, "-m", "chatlake.cli", "serve", "--port", str(port)]
    if worker:
        env = {**env, "CHATLAKE_RUN_WORKER": "true"}
    else:
        argv.append("--no-worker")
    return ServerProcess(name, [*(wrap or []), *argv], env, port, "/api/v1/profile", log_dir / f"{name}.log")


def baseline_server(database_url: str, log_dir: Path, wrap: list[str] | None = None) -> ServerProcess:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATLAKE_")}
    env["BENCH_BASELINE_DATABASE_URL"] = database_url
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    # Served the way `chatlake serve` serves: uvicorn defaults (uvloop, httptools), access log at info.
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.baseline_app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "info",
        "--proxy-headers",
    ]
    return ServerProcess("baseline", [*(wrap or []), *argv], env, port, "/ping", log_dir / "baseline.log")


def py_spy() -> str | None:
    found = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    return found
