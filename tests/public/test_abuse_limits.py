"""Abuse limits of the public side: too many requests, sessions or messages are answered 429 with Retry-After and
change nothing; oversized bodies are refused before they are read whole."""

from __future__ import annotations

import httpx
import pytest

from tests.public.support import PublicInbox
from tests.support import LiveServer


@pytest.fixture
def limited(server, settings, account):
    """A second server on the same database with small limits (the suite's own server keeps generous ones)."""

    def start(**limits) -> tuple[LiveServer, PublicInbox]:
        live = LiveServer(settings.model_copy(update=limits)).start()
        started.append(live)
        inbox = account.post("/inboxes", {"name": "Limited", "channel": {"type": "api"}}).json()
        client = httpx.Client(base_url=live.url, timeout=30)
        clients.append(client)
        return live, PublicInbox(account, inbox["id"], inbox["inbox_identifier"], inbox["hmac_token"], client)

    started: list[LiveServer] = []
    clients: list[httpx.Client] = []
    yield start
    for client in clients:
        client.close()
    for live in started:
        live.stop()


def _retry_after(r: httpx.Response) -> int:
    assert r.status_code == 429, r.text
    assert r.json() == {"error": "Too many requests: try again later"}
    seconds = int(r.headers["retry-after"])
    assert 1 <= seconds <= 3600
    return seconds


def test_messages_per_session_are_limited(limited, account):
    _live, inbox = limited(public_messages_per_minute=3)
    jane, joe = inbox.new_contact(), inbox.new_contact()
    janes, joes = inbox.new_conversation(jane), inbox.new_conversation(joe)
    for i in range(3):
        inbox.say(jane, janes, f"m{i}")
    r = inbox.post(f"/contacts/{jane['source_id']}/conversations/{janes['id']}/messages", {"content": "flood"})
    assert _retry_after(r) <= 60
    assert [m["content"] for m in inbox.messages(jane, janes)] == ["m0", "m1", "m2"]
    inbox.say(joe, joes, "another visitor is not held back")


def test_new_sessions_per_address_are_limited(limited, account):
    _live, inbox = limited(public_contacts_per_hour=2)
    before = account.get("/contacts").json()["meta"]["count"]
    inbox.new_contact()
    inbox.new_contact()
    _retry_after(inbox.post("/contacts", {"name": "third"}))
    assert account.get("/contacts").json()["meta"]["count"] == before + 2


def test_requests_per_address_are_limited(limited):
    _live, inbox = limited(public_requests_per_minute=5)
    for _ in range(5):
        assert inbox.get().status_code == 200
    _retry_after(inbox.get())
    _retry_after(inbox.post("/contacts", {"name": "x"}))


def test_oversized_bodies_are_refused(inbox, account):
    before = account.get("/contacts").json()["meta"]["count"]
    r = inbox.post("/contacts", {"name": "big", "custom_attributes": {"blob": "x" * 70_000}})
    assert r.status_code == 413
    assert "larger than" in r.json()["error"]
    assert account.get("/contacts").json()["meta"]["count"] == before


def test_attachments_past_the_public_cap_are_refused(limited, account):
    _live, inbox = limited(public_attachment_max_bytes=1_000)
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    path = inbox.url(f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages")
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2_000
    r = inbox.client.post(path, data={"content": "big"}, files=[("attachments[]", ("big.png", big, "image/png"))])
    assert r.status_code == 413, r.text
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []
