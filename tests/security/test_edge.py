"""The input guard at the edge: bodies capped while they stream (before routing and authentication), NUL and
lone surrogates refused whatever the declared content type, filters bounded, and what the guard costs."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from chatlake.api.nul_guard import NulGuard

MiB = 1024 * 1024
JSON_TYPE = {"content-type": "application/json"}


def _chunks(total: int, size: int = 64 * 1024):
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


class Endless:
    """A file of unknown length (no seek, no size), so the upload streams without a Content-Length."""

    def __init__(self, total: int) -> None:
        self.left = total

    def read(self, size: int = 64 * 1024) -> bytes:
        size = min(size if size > 0 else 64 * 1024, self.left)
        self.left -= size
        return b"x" * size


@pytest.mark.parametrize("path", ["/api/v1/no-such-route", "/api/v1/profile", "/app/login"])
def test_a_body_past_the_cap_is_413_before_routing_or_authentication(server, path):
    # Declared: refused unread.
    r = httpx.post(server.url + path, content=b"{" + b" " * MiB + b"}", headers={"content-type": "application/json"})
    assert r.status_code == 413, r.text
    assert r.json() == {"error": "Request body too large: the limit is 1 MB"}
    # Streamed without a length (chunked): cut off once past the cap, not read to its end.
    r = httpx.post(server.url + path, content=_chunks(300 * MiB), headers={"content-type": "text/plain"})
    assert r.status_code == 413, r.text


def test_a_multipart_upload_is_capped_at_the_attachment_limit(server, account, monkeypatch):
    monkeypatch.setattr(server.app.state.runtime.settings, "attachment_max_bytes", 64 * 1024)
    conversation = account.create_conversation(account.create_api_inbox()["id"])
    files = {"attachments[]": ("big.bin", Endless(3 * MiB), "application/octet-stream")}
    r = account.client.post(account.path(f"/conversations/{conversation['id']}/messages"), files=files)
    assert r.status_code == 413, r.text
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/x-anything", None])
@pytest.mark.parametrize(
    "text, message",
    [
        ("a\\u0000b", "Text may not contain NUL characters"),
        ("\\ud800x", "Text may not contain unpaired UTF-16 surrogates"),
    ],
)
def test_nul_and_lone_surrogates_are_422_on_every_content_type(account, content_type, text, message):
    conversation = account.create_conversation(account.create_api_inbox()["id"])
    headers = {"content-type": content_type} if content_type else {}
    body = ('{"content": "' + text + '"}').encode()
    r = account.client.post(
        account.path(f"/conversations/{conversation['id']}/messages"), content=body, headers=headers
    )
    assert r.status_code == 422, r.text
    assert r.json() == {"message": message, "attributes": []}
    r = account.client.post(account.path("/contacts"), content=('{"name": "' + text + '"}').encode(), headers=headers)
    assert r.status_code == 422, r.text
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []
    assert account.get("/contacts").json()["meta"]["count"] == 1  # the conversation's contact only


def test_paired_surrogates_and_plain_digits_in_text_pass(account):
    body = b'{"name": "Ann \\ud83d\\ude00 12345678901234567890"}'
    r = account.post("/contacts", None, content=body, headers=JSON_TYPE)
    assert r.status_code == 200, r.text
    assert r.json()["payload"]["contact"]["name"] == "Ann \U0001f600 12345678901234567890"


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "1e400", "9223372036854775808", "-99999999999999999999"])
def test_numbers_no_column_can_hold_are_422(account, raw):
    body = f'{{"name": "x", "custom_attributes": {{"n": {raw}}}}}'.encode()
    r = account.post("/contacts", None, content=body, headers=JSON_TYPE)
    assert r.status_code == 422, r.text
    assert account.get("/contacts").json()["meta"]["count"] == 0


@pytest.mark.parametrize(
    "path", ["/api/v1/accounts/9223372036854775808/conversations", "/api/v1/accounts/2147483648/contacts/1"]
)
def test_an_id_past_the_column_is_404_even_with_a_wrong_token(server, path):
    for headers in ({"api_access_token": "wrong"}, {}):
        r = httpx.get(server.url + path, headers=headers)
        assert r.status_code == 404, r.text


def test_a_query_integer_past_the_column_is_422_naming_it(account):
    r = account.get("/conversations", params={"page": "9223372036854775808"})
    assert r.status_code == 422
    assert r.json()["attributes"] == ["page"]


@pytest.mark.parametrize("entity", ["contacts", "conversations"])
@pytest.mark.parametrize(
    ("conditions", "values", "status"), [(50, 100, 422), (10, 100, 422), (5, 100, 200), (50, 10, 200)]
)
def test_large_or_filters_are_bounded_on_both_databases(account, entity, conditions, values, status):
    payload = [
        {
            "attribute_key": "name" if entity == "contacts" else "status",
            "filter_operator": "contains" if entity == "contacts" else "equal_to",
            "values": [f"v{j}" if entity == "contacts" else "open" for j in range(values)],
            "query_operator": "OR" if i < conditions - 1 else None,
        }
        for i in range(conditions)
    ]
    r = account.post(f"/{entity}/filter", {"payload": payload})
    assert r.status_code == status, r.text[:300]


def test_the_guard_adds_well_under_a_tenth_of_a_millisecond_per_small_request(server):
    """Measured in-process: the guard around an app that only reads the body, against that app alone."""
    body = json.dumps({"content": "Hello, I need help with my order #1234", "message_type": "incoming"}).encode()
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/accounts/1/conversations/1/messages",
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"api_access_token", b"x" * 24),
        ],
        "client": ("127.0.0.1", 50000),
        "app": server.app,
    }

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(_message):
        pass

    async def route(scope, receive, send):
        await receive()

    guarded = NulGuard(route)

    async def timed(app, n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            await app(dict(scope), receive, send)
        return (time.perf_counter() - start) / n

    async def measure() -> float:
        await timed(guarded, 1000)  # warm up
        rounds = []
        for _ in range(3):
            rounds.append(await timed(guarded, 5000) - await timed(route, 5000))
        return min(rounds)

    overhead = asyncio.run(measure())
    print(f"input guard: {overhead * 1e6:.1f} µs per small JSON request")
    assert overhead < 100e-6
