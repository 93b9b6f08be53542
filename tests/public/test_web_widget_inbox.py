"""Website inboxes through the Application API, and the Client API on them (named by their website_token)."""

from __future__ import annotations

import pytest

from tests.public.support import WORKING_HOURS, identifier_hash, widget_inbox


@pytest.fixture
def website(account):
    inbox, public = widget_inbox(
        account,
        widget_color="#FF5500",
        welcome_title="Hi there!",
        welcome_tagline="We reply fast",
        reply_time="in_a_few_hours",
        pre_chat_form_enabled=True,
        greeting_enabled=True,
        greeting_message="Welcome!",
        working_hours_enabled=True,
        out_of_office_message="We are away",
        working_hours=WORKING_HOURS,
    )
    yield inbox, public
    public.client.close()


def test_create_a_website_inbox(account, website):
    inbox, _ = website
    assert inbox["channel_type"] == "Channel::WebWidget"
    assert inbox["website_url"] == "https://shop.example.com"
    assert inbox["widget_color"] == "#ff5500" and inbox["welcome_title"] == "Hi there!"
    assert inbox["welcome_tagline"] == "We reply fast" and inbox["reply_time"] == "in_a_few_hours"
    assert inbox["greeting_enabled"] is True and inbox["greeting_message"] == "Welcome!"
    assert inbox["pre_chat_form_enabled"] is True
    assert [f["name"] for f in inbox["pre_chat_form_options"]["pre_chat_fields"]] == ["emailAddress", "fullName"]
    assert len(inbox["website_token"]) >= 20 and inbox["hmac_token"]
    # The inbox's week (seven days, as every inbox has): the days sent changed, the others Chatwoot's default.
    week = {d["day_of_week"]: d for d in inbox["working_hours"]}
    assert sorted(week) == list(range(7))
    assert week[0]["closed_all_day"] is True and week[6]["open_all_day"] is True
    assert (week[1]["open_hour"], week[1]["close_hour"], week[1]["close_minutes"]) == (9, 17, 30)
    snippet = inbox["web_widget_script"]
    assert "/packs/js/sdk.js" in snippet and f"websiteToken: '{inbox['website_token']}'" in snippet
    assert "window.chatwootSDK.run" in snippet
    listed = {i["id"]: i for i in account.get("/inboxes").json()["payload"]}
    assert listed[inbox["id"]]["website_token"] == inbox["website_token"]
    shown = account.get(f"/inboxes/{inbox['id']}").json()
    assert shown["web_widget_script"] == snippet


def test_website_inbox_input_is_checked_and_nothing_is_created(account):
    before = len(account.get("/inboxes").json()["payload"])
    for channel, field in (
        ({}, "website_url"),
        ({"website_url": "javascript:alert(1)"}, "website_url"),
        ({"widget_color": "red"}, "channel.widget_color"),
        ({"reply_time": "never"}, "channel.reply_time"),
        ({"pre_chat_form_options": {"pre_chat_fields": [{"name": "ssn"}]}}, "channel.pre_chat_form_options"),
        ({"working_hours": [{"day_of_week": 9}]}, "working_hours"),
        ({"working_hours": [{"day_of_week": 1, "open_hour": 18, "open_minutes": 0, "close_hour": 9}]}, "working_hours"),
        ({"hmac_mandatory": "yes"}, "channel.hmac_mandatory"),
    ):
        body = {"type": "web_widget", "website_url": "https://shop.example.com", **channel}
        if field == "website_url":
            body = {"type": "web_widget", **channel}
        r = account.post("/inboxes", {"name": "Bad", "channel": body})
        assert r.status_code == 422, (channel, r.text)
        assert r.json()["attributes"] == [field], (channel, r.text)
    assert len(account.get("/inboxes").json()["payload"]) == before
    r = account.post("/inboxes", {"name": "Bad", "channel": {"type": "email"}})
    assert r.status_code == 422 and "web_widget" in r.json()["message"]


def test_update_a_website_inbox(account, website):
    inbox, _ = website
    r = account.client.patch(
        account.path(f"/inboxes/{inbox['id']}"),
        json={
            "name": "Shop chat",
            "csat_survey_enabled": True,
            "working_hours": [{"day_of_week": 2, "open_all_day": True}],
            "channel": {"widget_color": "#000000", "welcome_title": "Hello", "hmac_mandatory": True},
        },
    )
    assert r.status_code == 200, r.text
    updated = r.json()
    assert updated["name"] == "Shop chat" and updated["csat_survey_enabled"] is True
    assert updated["widget_color"] == "#000000" and updated["welcome_title"] == "Hello"
    assert updated["hmac_mandatory"] is True
    assert {d["day_of_week"]: d for d in updated["working_hours"]}[2]["open_all_day"] is True
    assert updated["website_token"] == inbox["website_token"]
    r = account.client.patch(account.path(f"/inboxes/{inbox['id']}"), json={"channel": {"widget_color": "blue"}})
    assert r.status_code == 422
    assert account.get(f"/inboxes/{inbox['id']}").json()["widget_color"] == "#000000"


def test_the_client_api_serves_a_website_inbox_by_its_token(account, website):
    inbox, public = website
    details = public.get().json()
    assert details["identifier"] == inbox["website_token"] and details["working_hours_enabled"] is True
    assert details["out_of_office_message"] == "We are away" and len(details["working_hours"]) == 7
    contact = public.new_contact(name="Jane", email="jane-widget@example.com")
    conversation = public.new_conversation(contact)
    sent = public.say(contact, conversation, "Hello from the website")
    assert sent["message_type"] == 0
    agent_messages = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]
    # The inbox's greeting follows the contact's first message (as Chatwoot stores it: a template message).
    assert [(m["content"], m["message_type"]) for m in agent_messages] == [
        ("Hello from the website", 0),
        ("Welcome!", 3),
    ]
    assert account.get(f"/conversations/{conversation['id']}").json()["meta"]["channel"] == "Channel::WebWidget"
    account.create_message(conversation["id"], "Hi Jane")
    assert [m["content"] for m in public.messages(contact, conversation)] == [
        "Hello from the website",
        "Welcome!",
        "Hi Jane",
    ]


def test_agents_cannot_post_incoming_messages_in_a_website_inbox(account, website):
    inbox, _ = website
    conversation = account.create_conversation(inbox["id"])
    r = account.post(f"/conversations/{conversation['id']}/messages", {"content": "x", "message_type": "incoming"})
    assert r.status_code == 422
    assert r.json() == {"error": "Incoming messages are only allowed in Api inboxes"}


def test_identity_validation_on_a_website_inbox_uses_its_hmac_token(account, website):
    inbox, public = website
    contact = public.new_contact(identifier="w-1", identifier_hash=identifier_hash(inbox["hmac_token"], "w-1"))
    assert contact["hmac_verified"] is True
    r = public.post("/contacts", {"identifier": "w-1", "identifier_hash": identifier_hash("wrong", "w-1")})
    assert r.status_code == 401
