"""The workspace's JSON endpoints and fragments over HTTP: session + CSRF, tenancy, what each write does."""

from __future__ import annotations

import re
from contextlib import closing

import httpx
import pytest

from tests.workspace_support import conversation_with_contact, dashboard_client


@pytest.fixture
def agent(server, account):
    client, token = dashboard_client(server, account.email, account.password)
    client.headers["X-CSRF-Token"] = token
    yield client
    client.close()


@pytest.fixture
def conversation(account):
    inbox = account.create_api_inbox(name="Support line")
    return conversation_with_contact(account, inbox["id"], "Olivia Open", email="olivia@example.com")


def api(conversation: dict, action: str) -> str:
    return f"/app/api/conversations/{conversation['id']}/{action}"


def shown(account, conversation) -> dict:
    return account.get(f"/conversations/{conversation['id']}").json()


def test_writes_without_the_csrf_token_are_refused_and_change_nothing(server, account, conversation):
    client, _token = dashboard_client(server, account.email, account.password)
    with closing(client):
        for headers in ({}, {"X-CSRF-Token": "forged"}):
            r = client.post(api(conversation, "status"), json={"status": "resolved"}, headers=headers)
            assert r.status_code == 403
            assert r.json() == {"error": "Missing or invalid CSRF token"}
            r = client.post(api(conversation, "messages"), json={"content": "hi"}, headers=headers)
            assert r.status_code == 403
    assert shown(account, conversation)["status"] == "open"
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []


def test_a_token_from_another_session_is_refused(server, account, conversation):
    _first, first_token = dashboard_client(server, account.email, account.password)
    second, _second_token = dashboard_client(server, account.email, account.password)
    with closing(_first), closing(second):
        r = second.post(api(conversation, "status"), json={"status": "resolved"}, headers={"X-CSRF-Token": first_token})
    assert r.status_code == 403


def test_signed_out_callers_are_refused(server, conversation):
    with httpx.Client(base_url=server.url) as anonymous:
        r = anonymous.post(api(conversation, "status"), json={})
        assert r.status_code == 403  # no session, so no CSRF token either
        assert anonymous.get("/app/api/canned_responses").status_code == 401


def test_another_accounts_conversation_is_not_found(agent, account, other_account):
    theirs = other_account.create_api_inbox()
    conversation_with_contact(other_account, theirs["id"], "Not Yours")
    second = conversation_with_contact(other_account, theirs["id"], "Not Yours Either")
    for action, body in (("messages", {"content": "hello"}), ("status", {"status": "resolved"}), ("labels", {})):
        r = agent.post(api(second, action), json=body)
        assert r.status_code == 404
        assert r.json() == {"error": "Resource could not be found"}
    assert agent.get(f"/app/conversations/{second['id']}/messages").status_code == 404
    assert agent.get(f"/app/conversations/{second['id']}/parts").status_code == 404
    assert other_account.get(f"/conversations/{second['id']}").json()["status"] == "open"


def test_reply_and_private_note_with_an_echo_id_retry(agent, account, conversation):
    r = agent.post(api(conversation, "messages"), json={"content": "Hello <b>Olivia</b>", "echo_id": "e-1"})
    assert r.status_code == 200, r.text
    reply = r.json()
    assert reply["message"]["content"] == "Hello <b>Olivia</b>"
    assert reply["message"]["message_type"] == 1 and reply["message"]["echo_id"] == "e-1"
    assert 'data-echo="e-1"' in reply["html"] and "Hello &lt;b&gt;Olivia&lt;/b&gt;" in reply["html"]

    again = agent.post(api(conversation, "messages"), json={"content": "Hello <b>Olivia</b>", "echo_id": "e-1"})
    assert again.json()["message"]["id"] == reply["message"]["id"]

    note = agent.post(api(conversation, "messages"), json={"content": "VIP customer", "private": True}).json()
    assert note["message"]["private"] is True
    assert 'data-kind="note"' in note["html"]
    stored = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]
    assert [m["content"] for m in stored] == ["Hello <b>Olivia</b>", "VIP customer"]

    blank = agent.post(api(conversation, "messages"), json={"content": "   "})
    assert blank.status_code == 422
    assert blank.json()["attributes"] == ["content"]


def test_status_snooze_mute_and_priority(agent, account, conversation):
    r = agent.post(api(conversation, "status"), json={"status": "resolved"})
    assert r.json()["status"] == "resolved"
    r = agent.post(api(conversation, "status"), json={"status": "snoozed", "snoozed_until": 4102444800})
    assert r.json()["status"] == "snoozed" and r.json()["snoozed_until"] == 4102444800
    assert shown(account, conversation)["snoozed_until"] == 4102444800
    assert agent.post(api(conversation, "status"), json={"status": "open"}).json()["status"] == "open"
    assert agent.post(api(conversation, "status"), json={"status": "closed"}).status_code == 422

    assert agent.post(api(conversation, "mute"), json={}).json()["muted"] is True
    assert shown(account, conversation)["muted"] is True
    agent.post(api(conversation, "unmute"), json={})
    assert shown(account, conversation)["muted"] is False

    assert agent.post(api(conversation, "priority"), json={"priority": "urgent"}).status_code == 200
    assert shown(account, conversation)["priority"] == "urgent"
    assert agent.post(api(conversation, "priority"), json={"priority": "none"}).status_code == 200
    assert shown(account, conversation)["priority"] is None
    assert agent.post(api(conversation, "priority"), json={"priority": "very"}).status_code == 422


def test_assign_agent_team_and_labels(agent, account, conversation):
    r = agent.post(api(conversation, "assignee"), json={"assignee_id": account.user_id})
    assert r.json()["assignee_id"] == account.user_id
    assert shown(account, conversation)["meta"]["assignee"]["id"] == account.user_id
    assert agent.post(api(conversation, "assignee"), json={"assignee_id": 999_999}).status_code == 404
    assert agent.post(api(conversation, "assignee"), json={"assignee_id": None}).json()["assignee_id"] is None

    team = account.post("/teams", {"name": "billing"}).json()
    assert agent.post(api(conversation, "team"), json={"team_id": team["id"]}).json()["team_id"] == team["id"]
    assert agent.post(api(conversation, "team"), json={"team_id": ""}).json()["team_id"] is None

    r = agent.post(api(conversation, "labels"), json={"labels": ["VIP", "billing"]})
    assert r.json()["labels"] == ["vip", "billing"]
    assert shown(account, conversation)["labels"] == ["vip", "billing"]
    assert agent.post(api(conversation, "labels"), json={"labels": ["<img src=x>"]}).status_code == 422


def test_typing_and_seen(agent, conversation, account):
    account.create_message(conversation["id"], "Anyone there?", message_type="incoming")
    assert shown(account, conversation)["unread_count"] == 1
    assert agent.post(api(conversation, "typing"), json={"typing_status": "on"}).json() == {}
    assert agent.post(api(conversation, "typing"), json={"typing_status": "maybe"}).status_code == 422
    assert agent.post(api(conversation, "seen"), json={}).status_code == 200
    assert shown(account, conversation)["unread_count"] == 0


def test_canned_responses_by_short_code(agent, account):
    account.post("/canned_responses", {"short_code": "refund", "content": "Your refund is on its way."})
    account.post("/canned_responses", {"short_code": "hello", "content": "Hi there!"})
    r = agent.get("/app/api/canned_responses", params={"search": "ref"})
    assert [c["short_code"] for c in r.json()] == ["refund"]
    assert len(agent.get("/app/api/canned_responses").json()) == 2


def test_messages_fragment_pages_older_and_newer(agent, account, conversation):
    sent = [account.create_message(conversation["id"], f"line {n}") for n in range(23)]
    newer = agent.get(f"/app/conversations/{conversation['id']}/messages", params={"after": sent[20]["id"]})
    assert re.findall(r'data-message="(\d+)"', newer.text) == [str(sent[21]["id"]), str(sent[22]["id"])]
    older = agent.get(f"/app/conversations/{conversation['id']}/messages", params={"before": sent[21]["id"]})
    ids = re.findall(r'data-message="(\d+)"', older.text)
    assert len(ids) == 20 and ids[-1] == str(sent[20]["id"])
    assert older.headers["x-older-cursor"] == ids[0]
    last = agent.get(f"/app/conversations/{conversation['id']}/messages", params={"before": ids[0]})
    assert "x-older-cursor" not in last.headers
    assert agent.get(f"/app/conversations/{conversation['id']}/messages", params={"after": "x"}).status_code == 400


def test_list_fragment_tabs_filters_and_search(agent, account):
    inbox = account.create_api_inbox(name="Support line")
    other_inbox = account.create_api_inbox(name="Sales")
    mine = conversation_with_contact(account, inbox["id"], "Mina Mine", email="mina@example.com")
    account.post(f"/conversations/{mine['id']}/assignments", {"assignee_id": account.user_id})
    loose = conversation_with_contact(account, other_inbox["id"], "Una Unassigned")
    account.post(f"/conversations/{loose['id']}/labels", {"labels": ["billing"]})
    account.create_message(loose["id"], "Where is the invoice?", message_type="incoming")

    def rows(**params) -> list[int]:
        r = agent.get("/app/conversations/list", params=params)
        assert r.status_code == 200, r.text
        return sorted(int(i) for i in re.findall(r'class="conv-row[^"]*" data-conversation="(\d+)"', r.text))

    assert rows() == sorted([mine["id"], loose["id"]])
    assert rows(tab="mine") == [mine["id"]]
    assert rows(tab="unassigned") == [loose["id"]]
    assert rows(inbox_id=other_inbox["id"]) == [loose["id"]]
    assert rows(label="billing") == [loose["id"]]
    assert rows(status="resolved") == []
    assert rows(q="invoice") == [loose["id"]]
    assert rows(q="mina@example") == [mine["id"]]
    assert rows(q=f"#{loose['id']}") == [loose["id"]]
    assert rows(sort="created") == sorted([mine["id"], loose["id"]])
    counts = agent.get("/app/conversations/list").text
    assert re.search(r'data-count="mine">1<', counts) and re.search(r'data-count="all">2<', counts)
    assert agent.get("/app/conversations/list", params={"tab": "theirs"}).status_code == 400


def test_parts_fragment_shows_state_and_escapes(agent, account):
    inbox = account.create_api_inbox(name="<b>Inbox</b>")
    conversation = conversation_with_contact(account, inbox["id"], "<script>alert(1)</script>")
    account.post(f"/conversations/{conversation['id']}/labels", {"labels": ["urgent-case"]})
    html = agent.get(f"/app/conversations/{conversation['id']}/parts").text
    assert 'data-part="head"' in html and 'data-part="panel"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert 'value="urgent-case" checked' in html


def test_rich_messages_render_their_content_without_unsafe_links(agent, account, conversation):
    account.create_message(
        conversation["id"],
        "Pick one",
        content_type="cards",
        content_attributes={
            "items": [
                {
                    "title": "<b>Plan</b>",
                    "description": "Monthly",
                    "actions": [
                        {"type": "link", "text": "Open", "uri": "javascript:alert(1)"},
                        {"type": "link", "text": "Docs", "uri": "https://example.com/docs"},
                    ],
                }
            ]
        },
    )
    account.create_message(
        conversation["id"],
        "Choose",
        content_type="input_select",
        content_attributes={
            "items": [{"title": "Yes", "value": "yes"}, {"title": "No", "value": "no"}],
            "submitted_values": [{"title": "Yes", "value": "yes"}],
        },
    )
    account.create_message(
        conversation["id"],
        "Fill in",
        content_type="form",
        content_attributes={
            "items": [{"name": "email", "label": "Your email", "type": "email", "required": True}],
            "submitted_values": [{"name": "email", "value": "ann@example.com"}],
        },
    )
    account.create_message(
        conversation["id"],
        "Read",
        content_type="article",
        content_attributes={"items": [{"title": "Guide", "description": "How to", "link": "https://example.com/a"}]},
    )
    account.create_message(conversation["id"], "Your email?", content_type="input_email")
    html = agent.get(f"/app/conversations/{conversation['id']}/messages").text
    assert "rich-cards" in html and "&lt;b&gt;Plan&lt;/b&gt;" in html
    assert "javascript:" not in html and 'href="https://example.com/docs"' in html
    assert '<span class="chip">Open</span>' in html
    assert '<span class="chip">Yes</span>' in html and '<span class="chip">No</span>' in html
    assert "Your email" in html and "(required)" in html
    assert '<span class="rich-label">Answered:</span> Yes' in html
    assert '<span class="rich-label">Answered:</span> email: ann@example.com' in html
    assert 'href="https://example.com/a"' in html
    assert "Asks for an email address" in html


def test_a_cookie_kept_from_before_sign_out_cannot_write(server, account, conversation):
    client, token = dashboard_client(server, account.email, account.password)
    with closing(client), httpx.Client(base_url=server.url) as copy:
        copy.cookies.update(client.cookies)  # the same cookie, taken while signed in
        assert copy.post(api(conversation, "seen"), headers={"X-CSRF-Token": token}).status_code == 200
        r = client.post("/app/logout", data={"csrf_token": token})
        assert r.status_code == 303
        r = copy.post(api(conversation, "messages"), json={"content": "still here?"}, headers={"X-CSRF-Token": token})
        assert r.status_code == 401
        assert copy.get("/app/api/canned_responses").status_code == 401
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []
