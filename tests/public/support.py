"""The Client (public) API as a customer's front end calls it: no token, the inbox identifier and the session's
source_id in the URL."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import httpx

from tests.support import TestAccount

P = "/public/api/v1/inboxes/{identifier}"


def identifier_hash(hmac_token: str, identifier: str) -> str:
    return hmac.new(hmac_token.encode(), identifier.encode(), hashlib.sha256).hexdigest()


@dataclass
class PublicInbox:
    """One inbox seen from outside: its id for the Application API, its identifier for the Client API."""

    account: TestAccount
    inbox_id: int
    identifier: str
    hmac_token: str
    client: httpx.Client

    def url(self, suffix: str = "") -> str:
        return P.format(identifier=self.identifier) + suffix

    def get(self, suffix: str = "", **kw) -> httpx.Response:
        return self.client.get(self.url(suffix), **kw)

    def post(self, suffix: str = "", json_body=None, **kw) -> httpx.Response:
        return self.client.post(self.url(suffix), json=json_body, **kw)

    def patch(self, suffix: str = "", json_body=None, **kw) -> httpx.Response:
        return self.client.patch(self.url(suffix), json=json_body, **kw)

    def new_contact(self, **fields) -> dict:
        r = self.post("/contacts", {"name": "Visitor", **fields})
        assert r.status_code == 200, r.text
        return r.json()

    def new_conversation(self, contact: dict) -> dict:
        r = self.post(f"/contacts/{contact['source_id']}/conversations", {})
        assert r.status_code == 200, r.text
        return r.json()

    def say(self, contact: dict, conversation: dict, content: str, **fields) -> dict:
        path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages"
        r = self.post(path, {"content": content, **fields})
        assert r.status_code == 200, r.text
        return r.json()

    def messages(self, contact: dict, conversation: dict, **params) -> list[dict]:
        r = self.get(f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages", params=params)
        assert r.status_code == 200, r.text
        return r.json()


def api_inbox(account: TestAccount, *, hmac_mandatory: bool = False, webhook_url: str | None = None) -> PublicInbox:
    channel: dict = {"type": "api", "hmac_mandatory": hmac_mandatory}
    if webhook_url:
        channel["webhook_url"] = webhook_url
    r = account.post("/inboxes", {"name": "Site", "channel": channel})
    assert r.status_code == 200, r.text
    body = r.json()
    client = httpx.Client(base_url=account.server.url, timeout=30)
    return PublicInbox(account, body["id"], body["inbox_identifier"], body["hmac_token"], client)


WORKING_HOURS = [
    {"day_of_week": 0, "closed_all_day": True},
    {"day_of_week": 1, "open_hour": 9, "open_minutes": 0, "close_hour": 17, "close_minutes": 30},
    {"day_of_week": 6, "open_all_day": True},
]


def widget_inbox(account: TestAccount, **channel) -> tuple[dict, PublicInbox]:
    """A website inbox: its Application-API JSON, and its Client-API side (named by its website_token)."""
    body = {"type": "web_widget", "website_url": "https://shop.example.com", **channel}
    r = account.post("/inboxes", {"name": "Website", "channel": body})
    assert r.status_code == 200, r.text
    inbox = r.json()
    client = httpx.Client(base_url=account.server.url, timeout=30)
    return inbox, PublicInbox(account, inbox["id"], inbox["website_token"], inbox["hmac_token"], client)
