"""What every benchmark shares: knobs from the environment, the machine and commit measured, core pinning,
targets printed as PASS/FAIL, and results written to bench/results/*.json."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import platform
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
CACHE_DIR = BENCH_DIR / ".cache"

# The server under test runs on one core, everything that makes load (wrk, the paced client, the webhook
# receiver, this orchestrator) on the other, so the two never compete for a CPU.
SERVER_CORE = os.environ.get("BENCH_SERVER_CORE", "0")
LOAD_CORE = os.environ.get("BENCH_LOAD_CORE", "1")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def env_ints(name: str, default: str) -> list[int]:
    return [int(part) for part in os.environ.get(name, default).split(",") if part.strip()]


def databases_to_bench() -> list[str]:
    """BENCH_DB: "sqlite" (default), "postgres" or both, comma-separated."""
    databases = [d.strip() for d in os.environ.get("BENCH_DB", "sqlite").split(",") if d.strip()]
    for d in databases:
        if d not in ("sqlite", "postgres"):
            raise SystemExit(f"BENCH_DB: unknown database {d!r} (sqlite, postgres)")
    return databases


def postgres_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL") or os.environ.get(
        "CHATLAKE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    )


def pin_to_load_core() -> None:
    """This process (and what it starts without its own pinning) runs on the load core. Warns when other work
    keeps the machine busy: pinning keeps the benchmark's own processes apart, not everyone else's."""
    revision()  # the commit measured is the one checked out now, whatever is committed during the run
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} cores: other work is running, figures are noisy")
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {int(LOAD_CORE)})


def pinned(core: str, argv: list[str]) -> list[str]:
    """argv under `taskset -c core` (when the machine has more than one core)."""
    if (os.cpu_count() or 1) < 2:
        return argv
    return ["taskset", "-c", core, *argv]


def run_client(coro):
    """Run a coroutine on uvloop when installed (it comes with uvicorn[standard])."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": load,
    }


@functools.cache
def revision() -> str:
    """This checkout's commit and the last commit that changed src/ (what was measured), and whether src/ has
    uncommitted changes; or where chatlake came from when it is not this checkout's src/ (e.g. PYTHONPATH
    pointing at an exported tree). Taken once per process, when the run starts."""
    import chatlake

    source = Path(chatlake.__file__).resolve().parent.parent
    if source != BENCH_DIR.parent / "src":
        return f"chatlake imported from {source}"
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
        src_sha = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", "src"],
            cwd=BENCH_DIR.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        sha = f"{sha} (src/ last changed in {src_sha})"
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "src"],
            cwd=BENCH_DIR.parent,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return sha + ("+uncommitted src changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def figure(value: float) -> str:
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


class Targets:
    """Each target is printed as it is judged, with its measured value, and kept for the results file."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def check(self, name: str, measured: float | None, op: str, goal: float, unit: str = "") -> bool:
        if measured is None:
            passed = False
        elif op == ">=":
            passed = measured >= goal
        elif op == "<=":
            passed = measured <= goal
        else:
            raise ValueError(op)
        shown = "n/a" if measured is None else f"{figure(measured)}{unit}"
        print(f"  [{'PASS' if passed else 'FAIL'}] {name}: {shown} (target {op} {figure(goal)}{unit})", flush=True)
        self.items.append({"target": name, "measured": measured, "op": op, "goal": goal, "unit": unit, "pass": passed})
        return passed

    @property
    def all_passed(self) -> bool:
        return all(item["pass"] for item in self.items)


def write_results(name: str, body: dict) -> Path:
    """bench/results/<name>.json, with the commit, the machine and the time of the run. Each database's figures
    carry them too; the figures and targets of a database this run did not measure are kept from the file."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    stamp = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": revision(),
        "machine": machine(),
    }
    databases = {kind: {**stamp, **figures} for kind, figures in body.get("databases", {}).items()}
    targets = list(body.get("targets", []))
    try:
        previous = json.loads(path.read_text())
    except (OSError, ValueError):
        previous = {}
    for kind, figures in previous.get("databases", {}).items():
        if kind not in databases:
            databases[kind] = figures
            targets += [t for t in previous.get("targets", []) if f" {kind} " in f" {t['target']} "]
    document = {**stamp, **body, "databases": databases, "targets": targets}
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
