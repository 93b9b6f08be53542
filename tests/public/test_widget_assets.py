"""The widget's loader and window as served, and the widget-only calls (labels, removing a custom attribute)."""

from __future__ import annotations

import gzip
import json
import re

import httpx
import pytest

from tests.public.support import widget_inbox


@pytest.fixture
def website(account):
    inbox, public = widget_inbox(
        account, welcome_title="Hello <b>there</b>", pre_chat_form_enabled=True, widget_color="#123456"
    )
    yield inbox, public
    public.client.close()


def test_the_loader_is_served_where_chatwoots_snippet_looks(server):
    r = httpx.get(f"{server.url}/packs/js/sdk.js", timeout=30)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert "window.chatwootSDK" in r.text and "chatwoot:ready" in r.text
    assert len(gzip.compress(r.content, 9)) < 4_000  # small enough to load on every page of a site


def test_the_chat_window_page(server, website):
    inbox, _ = website
    r = httpx.get(f"{server.url}/widget", params={"website_token": inbox["website_token"]}, timeout=30)
    assert r.status_code == 200
    policy = r.headers["content-security-policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy
    assert "x-frame-options" not in r.headers
    # Settings arrive as data, escaped: the welcome title cannot become markup or end the data block.
    assert "<b>there</b>" not in r.text
    config = json.loads(re.search(r'id="widget-config">(.*?)</script>', r.text, re.S).group(1))
    assert config["websiteToken"] == inbox["website_token"] and config["color"] == "#123456"
    assert config["welcomeTitle"] == "Hello <b>there</b>" and config["preChatFormEnabled"] is True
    assert "hmac" not in json.dumps(config).lower()
    assert httpx.get(f"{server.url}/widget/static/widget.js", timeout=30).status_code == 200


def test_an_unknown_token_has_no_chat_window(server, account):
    for token in ("nope", "x" * 500, "<script>"):
        assert httpx.get(f"{server.url}/widget", params={"website_token": token}, timeout=30).status_code == 404
    # NUL in a query is refused at the edge (api/nul_guard.py), before any route.
    assert httpx.get(f"{server.url}/widget", params={"website_token": "a\x00b"}, timeout=30).status_code == 422
    api_inbox = account.create_api_inbox()
    # An API inbox's identifier is not a website.
    r = httpx.get(f"{server.url}/widget", params={"website_token": api_inbox["inbox_identifier"]}, timeout=30)
    assert r.status_code == 404


def test_a_contact_labels_its_conversation_with_known_labels_only(account, website):
    _, public = website
    assert account.post("/labels", {"title": "vip"}).status_code == 200
    contact = public.new_contact()
    conversation = public.new_conversation(contact)
    base = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/labels"
    r = public.post(base, {"labels": ["VIP"]})
    assert r.status_code == 200, r.text
    assert r.json() == {"payload": ["vip"]}
    assert account.get(f"/conversations/{conversation['id']}/labels").json()["payload"] == ["vip"]
    r = public.post(base, {"labels": ["made-up"]})
    assert r.status_code == 422
    assert public.client.delete(public.url(base + "/vip")).json() == {"payload": []}
    assert account.get(f"/conversations/{conversation['id']}/labels").json()["payload"] == []


def test_a_null_custom_attribute_removes_it(website):
    _, public = website
    contact = public.new_contact(custom_attributes={"plan": "pro", "team": "a"})
    r = public.patch(f"/contacts/{contact['source_id']}", {"custom_attributes": {"plan": None, "seats": 3}})
    assert r.status_code == 200, r.text
    assert r.json()["custom_attributes"] == {"team": "a", "seats": 3}
