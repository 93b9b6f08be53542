"""Settings pages over HTTP: administrators manage inboxes, agents, teams, labels, canned responses,
attributes, webhooks and the account; agents are refused with a clear page and see no links."""

from __future__ import annotations

import re

import pytest

from tests.dashboard_support import Dashboard, notices

SETTINGS_PAGES = [
    "/app/settings/account",
    "/app/settings/inboxes",
    "/app/settings/agents",
    "/app/settings/teams",
    "/app/settings/labels",
    "/app/settings/canned-responses",
    "/app/settings/attributes",
    "/app/settings/webhooks",
]


@pytest.fixture
def admin(server, account):
    browser = Dashboard(server.url)
    assert browser.sign_in(account.email, account.password).status_code == 303
    yield browser
    browser.close()


@pytest.fixture
def agent_browser(server, admin, account):
    email = f"agent-{account.account_id}@example.com"
    page = admin.submit(
        "/app/settings/agents", {"name": "Alan Agent", "email": email, "role": "agent", "password": "agent password 1"}
    )
    assert "Alan Agent was added." in notices(page)
    browser = Dashboard(server.url)
    assert browser.sign_in(email, "agent password 1").status_code == 303
    yield browser
    browser.close()


def test_settings_redirects_to_inboxes(admin):
    r = admin.get("/app/settings")
    assert r.status_code == 303 and r.headers["location"] == "/app/settings/inboxes"


@pytest.mark.parametrize("path", SETTINGS_PAGES)
def test_every_settings_page_opens_for_administrators(admin, path):
    r = admin.get(path)
    assert r.status_code == 200, r.text[:2000]
    assert 'aria-label="Settings"' in r.text
    assert 'href="/app/settings"' in r.text


def test_agents_get_a_clear_403_and_no_settings_links(agent_browser):
    home = agent_browser.get("/app/profile")
    assert home.status_code == 200
    assert "/app/settings" not in home.text
    for path in [*SETTINGS_PAGES, "/app/settings"]:
        r = agent_browser.get(path)
        assert r.status_code == 403, path
        assert "Only administrators of this account can open its settings." in r.text
    r = agent_browser.post("/app/settings/labels", {"title": "sneaky"})
    assert r.status_code == 403


def test_create_an_api_inbox_and_see_its_identifier_and_secrets(admin, account):
    r = admin.post("/app/settings/inboxes", {"name": "Website", "webhook_url": "https://example.com/hook"})
    assert r.status_code == 303
    location = r.headers["location"]
    inbox_id = int(re.fullmatch(r"/app/settings/inboxes/(\d+)", location).group(1))
    page = admin.get(location).text
    api = account.get(f"/inboxes/{inbox_id}").json()
    assert api["name"] == "Website"
    assert api["webhook_url"] == "https://example.com/hook"
    for secret in (api["inbox_identifier"], api["hmac_token"], api["secret"]):
        assert secret and secret in page
    assert notices(page)[0].startswith("Inbox “Website” created.")
    assert f'href="/app/settings/inboxes/{inbox_id}"' in admin.get("/app/settings/inboxes").text


def test_inbox_create_refused_keeps_what_was_typed_and_stores_nothing(admin, account):
    page = admin.submit("/app/settings/inboxes", {"name": "Broken", "webhook_url": "ftp://example.com"})
    assert "Webhook url is not a valid http(s) URL" in notices(page)
    assert 'value="ftp://example.com"' in page.text
    assert [i["name"] for i in account.get("/inboxes").json()["payload"]] == []


def test_edit_an_inbox_and_its_members(admin, account):
    inbox = account.create_api_inbox(name="Support")
    agent = account.post("/agents", {"name": "Mia Member", "email": f"mia-{account.account_id}@example.com"}).json()
    page = admin.submit(
        f"/app/settings/inboxes/{inbox['id']}",
        {"name": "Support desk", "webhook_url": "https://example.com/new", "hmac_mandatory": "1"},
    )
    assert "Inbox saved." in notices(page)
    api = account.get(f"/inboxes/{inbox['id']}").json()
    assert (api["name"], api["webhook_url"], api["hmac_mandatory"]) == ("Support desk", "https://example.com/new", True)

    admin.submit(f"/app/settings/inboxes/{inbox['id']}/members", [("user_ids", str(agent["id"]))])
    members = account.get(f"/inbox_members/{inbox['id']}").json()["payload"]
    assert [m["id"] for m in members] == [agent["id"]]
    page = admin.get(f"/app/settings/inboxes/{inbox['id']}").text
    assert f'id="member-{agent["id"]}" type="checkbox" name="user_ids" value="{agent["id"]}" checked' in page
    admin.submit(f"/app/settings/inboxes/{inbox['id']}/members", [])
    assert account.get(f"/inbox_members/{inbox['id']}").json()["payload"] == []


def test_another_accounts_inbox_is_not_found(admin, other_account):
    theirs = other_account.create_api_inbox(name="Theirs")
    assert admin.get(f"/app/settings/inboxes/{theirs['id']}").status_code == 404
    assert admin.post(f"/app/settings/inboxes/{theirs['id']}", {"name": "Mine now"}).status_code == 404
    assert other_account.get(f"/inboxes/{theirs['id']}").json()["name"] == "Theirs"


def test_agents_are_invited_with_a_role_promoted_and_removed(admin, account, server):
    email = f"new-{account.account_id}@example.com"
    page = admin.submit(
        "/app/settings/agents", {"name": "Nora New", "email": email, "role": "administrator", "password": ""}
    )
    assert "Nora New was added." in notices(page)[0]
    agents = {a["email"]: a for a in account.get("/agents").json()}
    assert agents[email]["role"] == "administrator"
    user_id = agents[email]["id"]

    admin.submit(f"/app/settings/agents/{user_id}/role", {"role": "agent"})
    assert {a["email"]: a["role"] for a in account.get("/agents").json()}[email] == "agent"

    refused = admin.submit("/app/settings/agents", {"name": "Again", "email": email, "role": "agent"})
    assert "Email has already been taken" in notices(refused)

    admin.submit(f"/app/settings/agents/{user_id}/remove")
    assert email not in {a["email"] for a in account.get("/agents").json()}


def test_the_last_administrator_cannot_demote_themselves(admin, account):
    page = admin.submit(f"/app/settings/agents/{account.user_id}/role", {"role": "agent"})
    assert "An account must keep at least one administrator" in notices(page)
    assert account.get("/agents").json()[0]["role"] == "administrator"


def test_an_invited_agent_signs_in_with_the_initial_password(agent_browser):
    assert agent_browser.get("/app/profile").status_code == 200


def test_teams_with_members(admin, account):
    r = admin.post("/app/settings/teams", {"name": "Sales", "description": "Deals", "allow_auto_assign": "1"})
    assert r.status_code == 303
    team_id = int(r.headers["location"].rsplit("/", 1)[1])
    admin.submit(f"/app/settings/teams/{team_id}/members", [("user_ids", str(account.user_id))])
    assert [m["id"] for m in account.get(f"/teams/{team_id}/team_members").json()] == [account.user_id]
    admin.submit(f"/app/settings/teams/{team_id}", {"name": "Big Sales", "description": ""})
    team = account.get(f"/teams/{team_id}").json()
    assert (team["name"], team["allow_auto_assign"]) == ("big sales", False)
    page = admin.submit(f"/app/settings/teams/{team_id}/delete")
    assert "Team “big sales” deleted." in notices(page)
    assert account.get("/teams").json() == []


def test_labels_create_edit_delete(admin, account):
    page = admin.submit("/app/settings/labels", {"title": "VIP", "description": "Big fish", "color": "#ff0000"})
    assert "Label “vip” created." in notices(page)
    (label,) = account.get("/labels").json()["payload"]
    assert (label["title"], label["color"], label["show_on_sidebar"]) == ("vip", "#ff0000", False)
    admin.submit(
        f"/app/settings/labels/{label['id']}",
        {"title": "vip", "description": "", "color": "#00ff00", "show_on_sidebar": "1"},
    )
    (label,) = account.get("/labels").json()["payload"]
    assert (label["color"], label["show_on_sidebar"]) == ("#00ff00", True)
    refused = admin.submit("/app/settings/labels", {"title": "no spaces please"})
    assert "Title is invalid: use letters, digits, - and _ only" in notices(refused)
    admin.submit(f"/app/settings/labels/{label['id']}/delete")
    assert account.get("/labels").json()["payload"] == []


def test_canned_responses_create_edit_delete(admin, account):
    admin.submit("/app/settings/canned-responses", {"short_code": "thanks", "content": "Thank you!"})
    (canned,) = account.get("/canned_responses").json()
    admin.submit(f"/app/settings/canned-responses/{canned['id']}", {"short_code": "thx", "content": "Thanks a lot"})
    (canned,) = account.get("/canned_responses").json()
    assert (canned["short_code"], canned["content"]) == ("thx", "Thanks a lot")
    admin.submit(f"/app/settings/canned-responses/{canned['id']}/delete")
    assert account.get("/canned_responses").json() == []


def test_custom_attribute_definitions_create_edit_delete(admin, account):
    admin.submit(
        "/app/settings/attributes",
        {
            "attribute_model": "contact_attribute",
            "attribute_display_name": "Plan",
            "attribute_key": "plan",
            "attribute_display_type": "list",
            "attribute_values": "free\npro, enterprise",
        },
    )
    (definition,) = account.get("/custom_attribute_definitions").json()
    assert definition["attribute_values"] == ["free", "pro", "enterprise"]
    assert definition["attribute_model"] == "contact_attribute"
    admin.submit(
        f"/app/settings/attributes/{definition['id']}",
        {
            "attribute_display_name": "Pricing plan",
            "attribute_description": "What they pay",
            "attribute_values": "free",
        },
    )
    (definition,) = account.get("/custom_attribute_definitions").json()
    assert (definition["attribute_display_name"], definition["attribute_values"]) == ("Pricing plan", ["free"])
    refused = admin.submit(
        "/app/settings/attributes",
        {"attribute_model": "contact_attribute", "attribute_display_name": "Bad", "attribute_key": "Bad Key"},
    )
    assert "Attribute key is invalid: use a-z, 0-9 and _ only" in notices(refused)
    admin.submit(f"/app/settings/attributes/{definition['id']}/delete")
    assert account.get("/custom_attribute_definitions").json() == []


def test_account_settings(admin, account):
    page = admin.submit(
        "/app/settings/account",
        {
            "name": "Acme Support",
            "locale": "pt_BR",
            "domain": "",
            "support_email": "help@acme.test",
            "auto_resolve_after": "60",
        },
    )
    assert "Account settings saved." in notices(page)
    body = account.get("").json()
    assert (body["name"], body["locale"], body["support_email"]) == ("Acme Support", "pt_BR", "help@acme.test")
    assert body["settings"]["auto_resolve_after"] == 60
    refused = admin.submit("/app/settings/account", {"name": "", "locale": "en"})
    assert "Name can't be blank" in notices(refused)
    assert account.get("").json()["name"] == "Acme Support"


def test_settings_and_contact_pages_hold_no_inline_script_or_style(admin, account):
    contact = account.create_contact(name="Inline Check")
    for path in [*SETTINGS_PAGES, "/app/contacts", f"/app/contacts/{contact['contact']['id']}"]:
        page = admin.get(path).text
        assert re.findall(r"<script[^>]*>", page) == ['<script type="module" src="/app/static/dashboard.js">'], path
        assert "<style" not in page and " style=" not in page and " onclick=" not in page, path
