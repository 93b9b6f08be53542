"""Closed-loop load: N concurrent workers over one httpx.AsyncClient, on loopback, bounded by a request count
and a time limit. A warm-up phase runs first and is not measured."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field

import httpx

# (client, request number) -> response
RequestFn = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    stopped_by: str  # "count" or "time"
    first_error: str | None = None
    # CPU time the server process (all its threads) used during the measured requests, when known.
    server_cpu_seconds: float | None = None
    server_cpu_ms_per_request: float | None = None
    client_cpu_ms_per_request: float | None = None
    # PostgreSQL backends' CPU time for this server's database, when the database runs on this machine.
    db_cpu_seconds: float | None = None
    db_cpu_ms_per_request: float | None = None
    latencies_ms: list[float] = field(default_factory=list, repr=False)

    def summary(self) -> dict:
        body = asdict(self)
        body.pop("latencies_ms")
        return body


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    # Nearest rank.
    rank = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]


async def _phase(client: httpx.AsyncClient, fn: RequestFn, *, count: int, seconds: float, concurrency: int, start: int):
    latencies: list[float] = []
    errors = 0
    first_error: str | None = None
    issued = 0
    began = time.perf_counter()
    deadline = began + seconds
    stopped_by = "count"

    async def worker() -> None:
        nonlocal issued, errors, first_error, stopped_by
        while issued < count:
            if time.perf_counter() >= deadline:
                stopped_by = "time"
                return
            n = start + issued
            issued += 1
            t0 = time.perf_counter()
            try:
                response = await fn(client, n)
                ok = response.status_code < 300
                detail = f"HTTP {response.status_code}: {response.text[:200]}"
            except httpx.HTTPError as exc:
                ok = False
                detail = f"{type(exc).__name__}: {exc}"
            latencies.append((time.perf_counter() - t0) * 1000)
            if not ok:
                errors += 1
                first_error = first_error or detail

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    return latencies, errors, first_error, elapsed, stopped_by


async def run_load(
    base_url: str,
    fn: RequestFn,
    *,
    requests: int,
    concurrency: int,
    seconds: float,
    warmup: int,
    warmup_seconds: float = 3.0,
    first: int = 0,
    headers: dict[str, str] | None = None,
    cpu_probe: Callable[[], float | None] | None = None,
    db_cpu_probe: Callable[[], float | None] | None = None,
) -> LoadResult:
    """Warm up with `warmup` requests or for `warmup_seconds`, whichever ends first (numbered from `first`),
    then measure up to `requests` or `seconds`."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=30) as client:
        if warmup:
            await _phase(client, fn, count=warmup, seconds=warmup_seconds, concurrency=concurrency, start=first)
        cpu_before = cpu_probe() if cpu_probe else None
        db_before = db_cpu_probe() if db_cpu_probe else None
        client_before = time.process_time()
        latencies, errors, first_error, elapsed, stopped_by = await _phase(
            client, fn, count=requests, seconds=seconds, concurrency=concurrency, start=first + warmup
        )
        client_cpu = time.process_time() - client_before
        cpu_after = cpu_probe() if cpu_probe else None
        db_after = db_cpu_probe() if db_cpu_probe else None
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    db_cpu = db_after - db_before if db_before is not None and db_after is not None else None
    return _result(latencies, errors, first_error, elapsed, stopped_by, cpu, client_cpu, db_cpu)


def merge(parts: list[LoadResult]) -> LoadResult:
    """Several measured runs of one server as one: all latencies, total requests over total time."""
    latencies = [ms for part in parts for ms in part.latencies_ms]
    stopped = {part.stopped_by for part in parts}
    cpus = [part.server_cpu_seconds for part in parts]
    client_cpu = sum((part.client_cpu_ms_per_request or 0) * part.requests / 1000 for part in parts)
    db_cpus = [part.db_cpu_seconds for part in parts]
    return _result(
        latencies,
        sum(part.errors for part in parts),
        next((part.first_error for part in parts if part.first_error), None),
        sum(part.seconds for part in parts),
        "time" if "time" in stopped else "count",
        None if None in cpus else sum(cpus),
        client_cpu,
        None if None in db_cpus else sum(db_cpus),
    )


def _result(
    latencies: list[float],
    errors: int,
    first_error,
    elapsed: float,
    stopped_by: str,
    cpu: float | None = None,
    client_cpu: float | None = None,
    db_cpu: float | None = None,
) -> LoadResult:
    ordered = sorted(latencies)
    done = len(latencies)
    return LoadResult(
        requests=done,
        errors=errors,
        seconds=round(elapsed, 3),
        rps=round(done / elapsed, 1) if elapsed > 0 else 0.0,
        p50_ms=round(percentile(ordered, 50), 2),
        p99_ms=round(percentile(ordered, 99), 2),
        mean_ms=round(sum(ordered) / done, 2) if done else float("nan"),
        stopped_by=stopped_by,
        first_error=first_error,
        server_cpu_seconds=round(cpu, 3) if cpu is not None else None,
        server_cpu_ms_per_request=round(1000 * cpu / done, 3) if cpu is not None and done else None,
        client_cpu_ms_per_request=round(1000 * client_cpu / done, 3) if client_cpu is not None and done else None,
        db_cpu_seconds=round(db_cpu, 3) if db_cpu is not None else None,
        db_cpu_ms_per_request=round(1000 * db_cpu / done, 3) if db_cpu is not None and done else None,
        latencies_ms=latencies,
    )
