"""Chatlake as real OS processes, for tests of the CLI, crashes and restarts."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from tests.support import free_port

# PostgreSQL databases this test run created; dropped when the run ends.
CREATED_DATABASES: list[tuple[str, str]] = []


def _postgres_admin(postgres_url: str, statement: str) -> None:
    async def run() -> None:
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(postgres_url, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(statement))
        await engine.dispose()

    asyncio.run(run())


def fresh_database_url(db_kind: str, postgres_url: str, data_dir: Path) -> str:
    """An empty database of the kind under test, so a test shares nothing with other tests or test runs."""
    if db_kind == "sqlite":
        return f"sqlite+aiosqlite:///{data_dir / f'{uuid.uuid4().hex}.sqlite3'}"
    name = f"chatlake_test_{uuid.uuid4().hex[:12]}"
    _postgres_admin(postgres_url, f'CREATE DATABASE "{name}"')
    CREATED_DATABASES.append((postgres_url, name))
    return postgres_url.rsplit("/", 1)[0] + "/" + name


def drop_created_databases() -> None:
    while CREATED_DATABASES:
        postgres_url, name = CREATED_DATABASES.pop()
        _postgres_admin(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def chatlake_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATLAKE_")}
    env.update(
        CHATLAKE_DATABASE_URL=database_url,
        CHATLAKE_DATA_DIR=str(data_dir),
        CHATLAKE_SECRET_KEY="process-test-secret",
        CHATLAKE_ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        CHATLAKE_WEBHOOK_RETRY_BASE_SECONDS="0.05",
        CHATLAKE_WEBHOOK_RETRY_MAX_DELAY_SECONDS="0.5",
        CHATLAKE_WORKER_POLL_SECONDS="0.2",
        CHATLAKE_WEBHOOK_TIMEOUT_SECONDS="1",
        **extra,
    )
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "chatlake.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def bootstrap(env: dict[str, str]) -> dict:
    result = run_cli(
        [
            "bootstrap",
            "--account-name",
            "Proc Co",
            "--email",
            "owner@example.com",
            "--password",
            "s3cret-pass",
            "--json",
        ],
        env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class ServerProcess:
    def __init__(
        self,
        env: dict[str, str],
        port: int | None = None,
        with_worker: bool = True,
        extra_args: tuple[str, ...] = (),
        log_path: Path | None = None,
    ) -> None:
        self.env = env
        self.port = port or free_port()
        self.with_worker = with_worker
        self.extra_args = extra_args
        # Busy servers write more than a pipe holds: give them a file, or their logging blocks them.
        self.log_path = log_path
        self._log = None
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        if self.log_path is not None:
            return self.log_path.read_text(errors="replace")
        return self.proc.stdout.read() if self.proc and self.proc.stdout else ""

    def start(self, timeout: float = 60) -> ServerProcess:
        if self.log_path is not None:
            self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "chatlake.cli", "serve", "--port", str(self.port)]
            + ([] if self.with_worker else ["--no-worker"])
            + list(self.extra_args),
            env=self.env,
            stdout=self._log or subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()}")
            try:
                if httpx.get(self.url + "/api/v1/profile", timeout=1).status_code == 401:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("server did not come up")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks run, as in a crash or power loss."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        if self.proc.stdout:
            self.proc.stdout.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc and self.proc.stdout and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if self._log is not None:
            self._log.close()


class WorkerProcess:
    """A standalone `chatlake worker`."""

    def __init__(self, env: dict[str, str], extra_args: tuple[str, ...] = ()) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "chatlake.cli", "worker", *extra_args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def child_pids(pid: int) -> set[int]:
    """The live children of a process (Linux /proc)."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            children.update(int(c) for c in (task / "children").read_text().split())
    return children


def is_running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
