"""How `chatlake serve --workers N` runs several web processes on one port.

uvicorn's own supervisor does the hard parts: the parent binds the socket once and every web process
accepts from it; SIGTERM/SIGINT (and Ctrl+C) stop them all; a child that dies or stops answering its
health check is killed and replaced; SIGHUP replaces them one by one. Each web process builds its own
app (and database pool, Redis connection and real-time hub) through `web_process_app`.

No web process runs the delivery worker: uvicorn starts identical children and replaces dead ones, so
none could hold a role reliably. Webhook delivery runs instead in one separate `chatlake worker` process
that `DeliveryWorkerChild` keeps alive next to them (or in `chatlake worker` processes started by the
operator, which is how delivery scales).
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time

from fastapi import FastAPI

from chatlake.config import Settings, get_settings

# uvicorn configures this logger, so the supervisor's lines look like the web processes' own.
log = logging.getLogger("uvicorn.error")

# Restart pauses for a delivery worker that keeps dying (a bad configuration must not spin the CPU).
RESTART_PAUSE_FIRST = 1.0
RESTART_PAUSE_MAX = 30.0
# A worker that lived this long is considered healthy again: the next restart starts from the first pause.
HEALTHY_AFTER_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0


def web_process_app() -> FastAPI:
    """uvicorn's app factory for each of several web processes (settings come from the environment)."""
    from chatlake.app import create_app

    return create_app(get_settings(), run_worker=False)


def refusal(workers: int, settings: Settings) -> str | None:
    """Why this many web processes cannot run with these settings, or None."""
    if workers < 1:
        return "--workers must be 1 or more"
    if workers > 1 and not settings.redis_url:
        return (
            f"--workers {workers} needs Redis (set CHATLAKE_REDIS_URL, e.g. redis://127.0.0.1:6379/0). "
            "Redis carries real-time notices, presence and configuration changes between web processes; "
            "without it a dashboard connected to one process would see events made in another only at its "
            f"periodic check (every {settings.realtime_poll_seconds:g} s), agents' presence would differ per "
            "process, and on PostgreSQL a process could go on trusting a token reset in another."
        )
    return None


def redis_problem(url: str) -> str | None:
    """None if Redis answers a PING within two seconds, else a one-line reason (without a password)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"cannot reach Redis at {_safe_redis_url(url)}: {exc}"
    finally:
        client.close()
    return None


def _safe_redis_url(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


class DeliveryWorkerChild:
    """One `chatlake worker` process next to the web processes, restarted if it dies."""

    def __init__(self, command: list[str] | None = None) -> None:
        # The parent has migrated (or checked the schema) already; stdout/stderr are shared with it.
        self.command = command or [sys.executable, "-m", "chatlake.cli", "worker", "--no-migrate"]
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._keep_alive, name="delivery-worker-supervisor", daemon=True)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen | None:
        with self._lock:
            if self._stopping.is_set():
                return None
            # Its own process group: Ctrl+C in a terminal reaches the parent, which stops it in order.
            self._proc = subprocess.Popen(self.command, process_group=0)
            log.info("delivery worker started [%s]", self._proc.pid)
            return self._proc

    def _keep_alive(self) -> None:
        pause = RESTART_PAUSE_FIRST
        while True:
            proc = self._spawn()
            if proc is None:
                return
            started = time.monotonic()
            code = proc.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started > HEALTHY_AFTER_SECONDS:
                pause = RESTART_PAUSE_FIRST
            log.error("delivery worker [%s] exited with code %s; restarting in %g s", proc.pid, code, pause)
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, RESTART_PAUSE_MAX)

    def stop(self) -> None:
        """SIGTERM the worker (it finishes the deliveries in flight), SIGKILL it if it does not exit."""
        with self._lock:
            self._stopping.set()
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                log.error("delivery worker [%s] did not stop in time; killing it", proc.pid)
                proc.kill()
                proc.wait()
        self._thread.join(STOP_TIMEOUT_SECONDS)


def serve_several(
    *, host: str, port: int, workers: int, settings: Settings, run_worker: bool, log_level: str = "info"
) -> int:
    """Serve with `workers` web processes until SIGTERM/SIGINT; returns an exit code once all have stopped."""
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "chatlake.serving:web_process_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
    )
    # Bound before anything starts, so a port in use fails at once; the children inherit this socket.
    sock = config.bind_socket()
    # Installs the SIGTERM/SIGINT/SIGHUP handlers: from here on a signal stops everything in order.
    supervisor = Multiprocess(config, sockets=[sock])
    delivery = DeliveryWorkerChild() if run_worker else None
    if delivery is not None:
        delivery.start()
    try:
        supervisor.run()
    finally:
        if delivery is not None:
            delivery.stop()
        sock.close()
    # A web process that failed while starting (bad configuration) would fail again: say so in the exit code.
    return STARTUP_FAILURE if any(p.exitcode == STARTUP_FAILURE for p in supervisor.processes) else 0
