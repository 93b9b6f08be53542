"""Dashboard list pages cost the same number of SQL statements for a few rows or a full page (no N+1)."""

from __future__ import annotations

import pytest

from tests.dashboard_support import Dashboard
from tests.querycount import QueryCounter


@pytest.fixture
def admin(server, account):
    browser = Dashboard(server.url)
    assert browser.sign_in(account.email, account.password).status_code == 303
    yield browser
    browser.close()


def statements_for(counter: QueryCounter, admin: Dashboard, path: str) -> int:
    with counter.counting():
        assert admin.get(path).status_code == 200
    return counter.count


def test_contacts_list_and_contact_page_cost_the_same_for_few_or_many_rows(server, admin, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"], name="Busy Person")
    cid = contact["contact"]["id"]

    def add_conversation_and_note(n: int) -> None:
        r = account.post("/conversations", {"inbox_id": inbox["id"], "contact_id": cid})
        assert r.status_code == 200, r.text
        account.create_message(r.json()["id"], f"message {n}", message_type="incoming")
        account.post(f"/contacts/{cid}/notes", {"content": f"note {n}"})

    add_conversation_and_note(0)
    few_list = statements_for(counter, admin, "/app/contacts")
    few_page = statements_for(counter, admin, f"/app/contacts/{cid}")
    for n in range(1, 16):
        account.create_contact(name=f"Person {n}")
    for n in range(1, 6):
        add_conversation_and_note(n)
    assert statements_for(counter, admin, "/app/contacts") == few_list
    assert statements_for(counter, admin, f"/app/contacts/{cid}") == few_page


def test_settings_lists_cost_the_same_for_few_or_many_rows(server, admin, account):
    counter = QueryCounter(server)
    account.create_api_inbox(name="First")
    account.post("/teams", {"name": "team-0"})
    account.post("/labels", {"title": "label-0"})
    paths = ["/app/settings/inboxes", "/app/settings/agents", "/app/settings/teams", "/app/settings/labels"]
    few = {path: statements_for(counter, admin, path) for path in paths}
    for n in range(1, 8):
        account.create_api_inbox(name=f"Inbox {n}")
        account.post("/teams", {"name": f"team-{n}"})
        account.post("/labels", {"title": f"label-{n}"})
        account.post("/agents", {"name": f"Agent {n}", "email": f"agent{n}-{account.account_id}@example.com"})
    assert {path: statements_for(counter, admin, path) for path in paths} == few


def test_conversation_list_page_and_fragment_cost_the_same_for_one_conversation_or_a_full_page(server, admin, account):
    """The workspace list (full page and the fragment it re-fetches live) loads each row's contact, inbox,
    assignee, team, last message and unread count in bulk: 30 conversations (more than a page of 25) cost what
    one does."""
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    team = account.post("/teams", {"name": "budget-team"}).json()

    def add_conversation(n: int) -> None:
        contact = account.create_contact(inbox["id"], name=f"Customer {n}")
        r = account.post(
            "/conversations",
            {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"], "team_id": team["id"]},
        )
        assert r.status_code == 200, r.text
        display_id = r.json()["id"]
        assigned = account.post(f"/conversations/{display_id}/assignments", {"assignee_id": account.user_id})
        assert assigned.status_code == 200, assigned.text
        labelled = account.post(f"/conversations/{display_id}/labels", {"labels": [f"tag-{n % 3}"]})
        assert labelled.status_code == 200, labelled.text
        account.create_message(display_id, f"question {n}", message_type="incoming")
        account.create_message(display_id, f"answer {n}", message_type="outgoing")

    paths = ["/app", "/app/conversations/list", "/app?tab=mine&status=all", "/app?sort=created"]
    add_conversation(0)
    few = {path: statements_for(counter, admin, path) for path in paths}
    for n in range(1, 30):
        add_conversation(n)
    page = admin.get("/app")
    # A full first page, every row assigned, in a team and labelled: the budget below covers all of it.
    assert page.text.count('class="conv-row') == 25
    assert page.text.count('class="label-chip"') == 25 and 'data-count="mine">30<' in page.text
    assert {path: statements_for(counter, admin, path) for path in paths} == few
