"""Run wrk (a compiled HTTP load generator) pinned to the load core, and read the JSON its Lua done() prints.

wrk keeps C connections busy (closed loop): each connection sends its next request when the previous answer
has arrived, so latency is measured from a request's send to its answer. Installed from Debian's packages
when missing (`ensure_wrk`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import LOAD_CORE, pinned

LUA_DIR = Path(__file__).resolve().parent / "lua"


def ensure_wrk() -> str:
    """wrk's path; installs Debian's package with apt-get when it is not there."""
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("wrk is not installed: installing Debian's package (apt-get install wrk)", flush=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed; install it (apt-get install wrk) and run again")
    return found


@dataclass
class WrkResult:
    connections: int
    requests: int  # answers received (any status)
    non2xx: int
    socket_errors: int  # connect/read/write errors and timeouts
    seconds: float
    latency_ms: dict[str, float] = field(default_factory=dict)
    raw: dict = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """Everything that is not a 2xx answer: non-2xx statuses, failed sockets and timeouts."""
        return self.non2xx + self.socket_errors

    @property
    def ok_per_second(self) -> float:
        return (self.requests - self.non2xx) / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        return {
            "connections": self.connections,
            "requests": self.requests,
            "ok_per_second": round(self.ok_per_second, 1),
            "errors": self.errors,
            "non2xx": self.non2xx,
            "non2xx_statuses": self.raw.get("statuses", {}),
            "socket_errors": self.socket_errors,
            "seconds": round(self.seconds, 2),
            "latency_ms": self.latency_ms,
        }


def run_wrk(
    url: str,
    script: str,
    *,
    connections: int,
    seconds: float,
    env: dict[str, str],
    threads: int = 1,
    timeout_s: int = 10,
) -> WrkResult:
    """One wrk run against `url` with bench/lua/<script>.lua; `env` carries the script's BENCH_* settings."""
    wrk = ensure_wrk()
    argv = pinned(
        LOAD_CORE,
        [
            wrk,
            f"-t{threads}",
            f"-c{max(connections, threads)}",
            f"-d{max(1, round(seconds))}s",
            f"--timeout={timeout_s}s",
            "-s",
            str(LUA_DIR / f"{script}.lua"),
            url,
        ],
    )
    full_env = {**os.environ, "BENCH_LUA_DIR": str(LUA_DIR), **env}
    done = subprocess.run(argv, env=full_env, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.split(" ", 1)[1])
    errors = data["errors"]
    socket_errors = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
    return WrkResult(
        connections=connections,
        requests=data["requests"],
        non2xx=data["non2xx"],
        socket_errors=socket_errors,
        seconds=data["duration_us"] / 1e6,
        latency_ms={k: round(v / 1000, 2) for k, v in data["latency_us"].items()},
        raw=data,
    )
