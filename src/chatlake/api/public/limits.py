"""Abuse limits of the public side (Client API, widget, survey page): what anyone on the internet may call.

Sliding one-window counters in this process: requests per client address, new sessions per client address,
and messages per contact session. Past a limit the answer is 429 with `Retry-After` (seconds) and nothing is
done. Bodies are read here up to a cap (413 beyond), so no public route ever buffers an unbounded upload.
Behind several processes each keeps its own counts: the limits are per process (docs/api.md)."""

from __future__ import annotations

import math
import re
import time
from collections import deque

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PUBLIC_PREFIXES = ("/public/api/", "/widget", "/survey/")
CONTACT_CREATE = re.compile(r"^/public/api/v1/inboxes/[^/]+/contacts/?$")
MESSAGE_CREATE = re.compile(r"^/public/api/v1/inboxes/([^/]+)/contacts/([^/]+)/conversations/\d+/messages/?$")
MAX_TRACKED_KEYS = 100_000


class SlidingWindow:
    """At most `limit` events per `seconds` per key; answers how long to wait when over."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.events: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float) -> float:
        """0 if allowed (and counted), else seconds until the oldest counted event leaves the window."""
        window = self.events.get(key)
        if window is None:
            if len(self.events) >= MAX_TRACKED_KEYS:
                self._forget_idle(now)
            window = self.events[key] = deque()
        while window and window[0] <= now - self.seconds:
            window.popleft()
        if len(window) >= self.limit:
            return window[0] + self.seconds - now
        window.append(now)
        return 0.0

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, w in self.events.items() if not w or w[-1] <= now - self.seconds]:
            del self.events[key]


async def _reply(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    payload = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class PublicLimits:
    def __init__(
        self,
        app: ASGIApp,
        *,
        requests_per_minute: int,
        contacts_per_hour: int,
        messages_per_minute: int,
        body_max_bytes: int,
        upload_max_bytes: int = 0,
    ) -> None:
        self.app = app
        self.requests = SlidingWindow(requests_per_minute, 60)
        self.contacts = SlidingWindow(contacts_per_hour, 3600)
        self.messages = SlidingWindow(messages_per_minute, 60)
        self.body_max_bytes = body_max_bytes
        self.upload_max_bytes = upload_max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(PUBLIC_PREFIXES) or path.startswith("/widget/static/"):
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("unknown", 0))[0]
        now = time.monotonic()
        wait = self.requests.hit(address, now)
        writes = scope["method"] in ("POST", "PUT", "PATCH", "DELETE")
        if not wait and writes and scope["method"] == "POST":
            if CONTACT_CREATE.match(path):
                wait = self.contacts.hit(address, now)
            elif match := MESSAGE_CREATE.match(path):
                wait = self.messages.hit(f"{match[1]}/{match[2]}", now)
        if wait:
            retry = str(max(1, math.ceil(wait))).encode()
            await _reply(send, 429, {"error": "Too many requests: try again later"}, [(b"retry-after", retry)])
            return
        if writes and self._is_upload(scope, path):
            # A message with files: the route streams it with its own (larger) cap and never buffers it whole.
            await self.app(scope, receive, send)
            return
        if writes:
            body = await self._read_body(receive)
            if body is None:
                await _reply(send, 413, {"error": f"Request body is larger than {self.body_max_bytes} bytes"})
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    def _is_upload(self, scope: Scope, path: str) -> bool:
        if not self.upload_max_bytes or scope["method"] != "POST" or not MESSAGE_CREATE.match(path):
            return False
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        return content_type.lower().startswith(b"multipart/form-data")

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it passes the cap (the rest is never read)."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.body_max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
