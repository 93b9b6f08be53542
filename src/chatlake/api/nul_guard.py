"""The one input guard: every request body is bounded and its JSON text checked before routing.

It runs before routing and authentication, so an anonymous client can neither make the server hold an
unbounded body in memory nor reach a route with text the databases cannot store:

- bodies are capped while they stream in (JSON and forms at `request_body_max_bytes`, multipart at the
  attachment limit plus the form's overhead): 413, and a declared Content-Length past the cap is refused unread;
- NUL (PostgreSQL text cannot hold U+0000: a 500 on one database and accepted on the other) and lone UTF-16
  surrogates (neither driver can encode them) are refused with 422, in the query string and in every body
  that a route may parse as JSON, whatever its declared content type (routes that read `text/plain` as JSON
  exist for Chatwoot's clients);
- JSON the standard library would accept but no column can hold is refused with 422: NaN and infinities,
  and integers outside 64 bits;
- an API token from a client address that sent too many wrong ones lately is refused with 429 before it is
  looked up (`auth/token_throttle.py`).

The common case costs a few byte searches and one regular expression over the body; the parse that tells a
paired surrogate from a lone one, or a long digit run in a string from a huge number, runs only when such a
pattern is present.
"""

from __future__ import annotations

import json
import re

import orjson
from starlette.exceptions import HTTPException

from chatlake.api.message_form import FORM_OVERHEAD
from chatlake.auth.token_throttle import TOO_MANY

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

NUL_MESSAGE = "Text may not contain NUL characters"
SURROGATE_MESSAGE = "Text may not contain unpaired UTF-16 surrogates"
# What would need a real parse to judge: surrogate escapes, NaN/Infinity, huge exponents, 19+ digit runs.
SUSPECT = re.compile(rb"\\u[dD][89a-fA-F]|NaN|Infinity|[eE][+-]?\d{3}|\d{19}")
FORM_TYPES = (b"multipart/", b"application/x-www-form-urlencoded")
TOKEN_HEADERS = (b"api_access_token", b"api-access-token")


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed (multipart) body passes its cap: the app's HTTP error
    handler renders it, and FastAPI's body parsing lets HTTPException through unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request body too large: the limit is {_size_text(limit)}")


class NulGuard:
    """ASGI middleware (pure, no per-request objects beyond the body it must read)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if b"%00" in scope["query_string"] or "\x00" in scope["path"]:
            return await _refuse(send, 422, {"message": NUL_MESSAGE, "attributes": []})
        content_type = b""
        length = None
        has_body = False
        has_token = False
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value.lower()
            elif name == b"content-length":
                length = value
                has_body = value != b"0"
            elif name == b"transfer-encoding":
                has_body = True
            elif name in TOKEN_HEADERS:
                has_token = True
        if has_token:
            throttle = scope["app"].state.token_throttle
            wait = throttle.retry_after(scope["client"][0] if scope.get("client") else None) if throttle.blocked else 0
            if wait:
                return await _refuse(send, 429, {"error": TOO_MANY}, [(b"retry-after", str(wait).encode())])
        if not has_body:
            return await self.app(scope, receive, send)
        multipart = content_type.startswith(b"multipart/")
        limit = _multipart_limit(scope) if multipart else _body_limit(scope)
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _refuse(send, 413, {"error": BodyTooLarge(limit).detail})
        if multipart:
            # Files may hold NUL bytes legitimately; the message form checks its text fields itself.
            return await self.app(scope, _counted(receive, limit), send)
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message], receive), send)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return await _refuse(send, 413, {"error": BodyTooLarge(limit).detail})
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        problem = body_problem(body, content_type)
        if problem:
            return await _refuse(send, 422, {"message": problem, "attributes": []})
        replay = _replay([{"type": "http.request", "body": body, "more_body": False}], receive)
        return await self.app(scope, replay, send)


def body_problem(body: bytes, content_type: bytes) -> str | None:
    """Why this (non-multipart) body must not reach a route, or None."""
    if b"\x00" in body or b"\\u0000" in body:
        return NUL_MESSAGE
    if content_type.startswith(FORM_TYPES):
        return NUL_MESSAGE if b"%00" in body else None
    if not _may_be_json(body, content_type):
        return None
    if not body.isascii():
        try:
            body.decode()
        except UnicodeDecodeError:
            return "Request body is not valid JSON: it must be UTF-8"
    if SUSPECT.search(body) is None:
        return None
    return _json_problem(body)


def _may_be_json(body: bytes, content_type: bytes) -> bool:
    if b"json" in content_type:
        return True
    start = body.lstrip()[:1]
    return start in (b"{", b"[")


def _json_problem(body: bytes) -> str | None:
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if "surrogate" in str(exc):
            return SURROGATE_MESSAGE
        if "infinity" in str(exc) or b"NaN" in body or b"Infinity" in body:
            try:  # the standard parser the routes use accepts NaN and Infinity: refuse what it would take
                json.loads(body)
            except ValueError:
                return None  # not JSON at all: the route answers that itself
            return "Numbers must be finite"
        return None
    if re.search(rb"\d{19}", body) is None:
        return None
    try:
        json.loads(body, parse_int=_int64)
    except OverflowError as exc:
        return str(exc)
    return None


def _int64(text: str) -> int:
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise OverflowError(f"Number out of range: {text[:40]}")
    return value


def _body_limit(scope) -> int:
    return _settings(scope).request_body_max_bytes


def _multipart_limit(scope) -> int:
    return _settings(scope).attachment_max_bytes + FORM_OVERHEAD


def _settings(scope):
    return scope["app"].state.runtime.settings


def _counted(receive, limit: int):
    received = 0

    async def counted():
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLarge(limit)
        return message

    return counted


def _replay(messages, receive):
    """Hand the app the body already read, then the connection's own messages (e.g. a disconnect)."""
    pending = list(messages)

    async def replayed():
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def _refuse(send, status: int, body: dict, headers: list | None = None) -> None:
    content = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(content)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": content})


def _size_text(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"
