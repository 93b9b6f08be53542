"""A fast local webhook receiver for W3, served by uvicorn in its own process: a raw ASGI app that answers
every POST with 200 at once and records, for each message_created body, the message id, its created_at
(the server's clock, microseconds) and the arrival time (this machine's clock).

    GET  /_stats  -> {"count": n, "records": [[message_id, created_at_iso, arrival_unix], ...]}
    POST /_reset  -> forget what arrived so far
"""

from __future__ import annotations

import time

import orjson

records: list[tuple[int, str, float]] = []
bodies = 0


async def _read_body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _answer(send, status: int = 200, body: bytes = b"") -> None:
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope, receive, send) -> None:
    global bodies
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["type"] != "http":
        return
    path, method = scope["path"], scope["method"]
    if path == "/_stats":
        await _answer(send, body=orjson.dumps({"count": len(records), "bodies": bodies, "records": records}))
        return
    if path == "/_reset":
        records.clear()
        bodies = 0
        await _answer(send)
        return
    if method != "POST":
        await _answer(send, 404)
        return
    body = await _read_body(receive)
    arrived = time.time()
    bodies += 1
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        payload = None
    if isinstance(payload, dict) and payload.get("event") == "message_created":
        records.append((payload.get("id"), payload.get("created_at"), arrived))
    await _answer(send)
