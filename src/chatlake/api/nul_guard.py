"""Refuse NUL characters in API input before they reach the database.

PostgreSQL text cannot hold U+0000 (the driver raises mid-transaction) while SQLite stores it, so the
same request would be a 500 on one database and accepted on the other. One check at the edge makes it
a clear 422 on both.
"""

from __future__ import annotations

import orjson

JSON_NUL = b"\\u0000"
BODY = orjson.dumps({"message": "Text may not contain NUL characters", "attributes": []})


class NulGuard:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(("/api/", "/public/", "/platform/")):
            return await self.app(scope, receive, send)
        if b"%00" in scope.get("query_string", b"") or "\x00" in scope["path"]:
            return await _refuse(send)
        headers = dict(scope.get("headers") or [])
        if b"json" not in headers.get(b"content-type", b""):
            # Files (multipart) may hold NUL bytes legitimately; only JSON text is checked.
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message], receive), send)
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if JSON_NUL in body or b"\x00" in body:
            return await _refuse(send)
        replay = _replay([{"type": "http.request", "body": body, "more_body": False}], receive)
        return await self.app(scope, replay, send)


def _replay(messages, receive):
    """Hand the app the body already read, then the connection's own messages (e.g. a disconnect)."""
    pending = list(messages)

    async def replayed():
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def _refuse(send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": BODY})
