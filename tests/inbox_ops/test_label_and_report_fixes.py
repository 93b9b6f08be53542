"""Fixes: a label put on a conversation or contact joins the account's labels; the per-agent report counts the
outgoing, non-private messages each agent sent, not those of conversations assigned to them."""

from __future__ import annotations

import re

from tests.api.members import Members
from tests.api.reports_support import History, at
from tests.dashboard_support import Dashboard


def titles(account) -> list[str]:
    return [label["title"] for label in account.get("/labels").json()["payload"]]


def test_a_label_typed_on_a_conversation_becomes_a_label_of_the_account(account, other_account):
    account.post("/labels", {"title": "vip", "color": "#ff0000"})
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    r = account.post(f"/conversations/{conversation['id']}/labels", {"labels": ["VIP", "refund-2"]})
    assert r.status_code == 200, r.text
    assert r.json()["payload"] == ["vip", "refund-2"]
    labels = {label["title"]: label for label in account.get("/labels").json()["payload"]}
    assert set(labels) == {"vip", "refund-2"}
    # The existing label keeps its colour; the new one gets the default, so it is visible everywhere.
    assert labels["vip"]["color"] == "#ff0000"
    assert labels["refund-2"]["color"] == "#1f93ff"
    # Removing it from the conversation keeps it in the catalogue; another account never sees it.
    account.post(f"/conversations/{conversation['id']}/labels", {"labels": []})
    assert sorted(titles(account)) == ["refund-2", "vip"]
    assert titles(other_account) == []
    # The label filter finds the conversation by the new label.
    account.post(f"/conversations/{conversation['id']}/labels", {"labels": ["refund-2"]})
    r = account.get("/conversations", params={"labels[]": "refund-2", "status": "all"})
    assert [c["id"] for c in r.json()["data"]["payload"]] == [conversation["id"]]


def test_a_label_put_on_a_contact_becomes_a_label_of_the_account(account):
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"])
    r = account.post(f"/contacts/{contact['contact']['id']}/labels", {"labels": ["lead"]})
    assert r.status_code == 200, r.text
    assert titles(account) == ["lead"]


def test_an_invalid_label_adds_nothing_to_the_account(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    r = account.post(f"/conversations/{conversation['id']}/labels", {"labels": ["fine", "not fine!"]})
    assert r.status_code == 422
    assert titles(account) == []


def _agent_row(page: str, name: str) -> list[str]:
    block = re.search(r'<section[^>]*id="by-agent".*?</section>', page, re.S).group(0)
    row = re.search(rf'<tr><th scope="row">{re.escape(name)}</th>(.*?)</tr>', block, re.S)
    assert row, block[:3000]
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def test_the_agent_report_counts_messages_each_agent_sent_without_private_notes(server, account):
    members = Members(account)
    try:
        bea = members.add(name="Bea Agent")
        inbox = account.create_api_inbox()["id"]
        account.post(f"/inboxes/{inbox}/members", {"user_ids": [bea.user_id]})
        made = History(account)
        # Assigned to Bea, but the administrator answers: two replies and a private note.
        number = made.conversation(inbox, at("2026-03-02", "10:00:00"), assignee_id=bea.user_id)
        made.incoming(number, at("2026-03-02", "10:00:00"))
        made.reply(number, at("2026-03-02", "10:05:00"))
        made.reply(number, at("2026-03-02", "10:06:00"))
        made.reply(number, at("2026-03-02", "10:07:00"), private=True)
        browser = Dashboard(server.url)
        try:
            assert browser.sign_in(account.email, account.password).status_code == 303
            page = browser.get(
                "/app/reports", params={"range": "custom", "since": "2026-03-02", "until": "2026-03-02"}
            ).text
        finally:
            browser.close()
        assert "Messages sent by the agent (no private notes)" in page
        assert _agent_row(page, "Ada Admin")[-1] == "2"
        assert _agent_row(page, "Bea Agent")[-1] == "0"
    finally:
        members.close()
