"""A paced (open-loop) HTTP/1.1 client for W3's steady rate, which wrk cannot do: request i is due at
start + i / rate whatever the previous answers did, over keep-alive connections opened as needed (up to a
cap; when all are busy the next request waits and is late, and the achieved rate says so). Raw asyncio
streams, no HTTP library: at a few hundred requests/s it costs little CPU on the load core.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field


@dataclass
class PacedResult:
    rate: float
    sent: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    late_ms: list[float] = field(default_factory=list)  # how late each request left against its schedule

    @property
    def achieved_rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def exchange(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length:
            await self.reader.readexactly(length)
        return status


async def paced_posts(
    host: str,
    port: int,
    requests: list[tuple[str, bytes]],
    headers: dict[str, str],
    rate: float,
    max_open: int = 64,
    grace: float = 2.0,
) -> PacedResult:
    """POST requests[i] = (path, json body) at `rate` per second; returns what happened. Requests that could
    not leave within `grace` seconds after the schedule's end are not sent (a server slower than the rate
    does not stretch the run): they count against the achieved rate."""
    result = PacedResult(rate=rate)
    idle: list[_Connection] = []
    slots = asyncio.Semaphore(max_open)
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    start = time.perf_counter()
    last_answer = start

    async def one(path: str, body: bytes) -> None:
        nonlocal last_answer
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n"
        ).encode() + body
        conn = idle.pop() if idle else _Connection(*await asyncio.open_connection(host, port))
        sent = time.perf_counter()
        try:
            status = await conn.exchange(request)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            result.failed += 1
            conn.writer.close()
            return
        finally:
            slots.release()
        now = time.perf_counter()
        last_answer = max(last_answer, now)
        result.latencies_ms.append((now - sent) * 1000)
        if 200 <= status <= 299:
            result.ok += 1
        else:
            result.failed += 1
        idle.append(conn)

    tasks = []
    cutoff = start + len(requests) / rate + grace
    for i, (path, body) in enumerate(requests):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            await asyncio.wait_for(slots.acquire(), timeout=max(0.0, cutoff - time.perf_counter()))
        except TimeoutError:
            break
        if time.perf_counter() > cutoff:
            slots.release()
            break
        result.late_ms.append(max(0.0, (time.perf_counter() - due) * 1000))
        result.sent += 1
        tasks.append(asyncio.create_task(one(path, body)))
    await asyncio.gather(*tasks)
    # Over the schedule's length at least: answers that came early do not make the rate look higher.
    result.seconds = max(last_answer - start, len(requests) / rate)
    for conn in idle:
        conn.writer.close()
    return result
