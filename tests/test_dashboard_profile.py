"""Profile settings over HTTP: name, display name and the API access token's reset."""

from __future__ import annotations

import pytest

from tests.dashboard_support import Dashboard, notices


@pytest.fixture
def browser(server, account):
    b = Dashboard(server.url)
    assert b.sign_in(account.email, account.password).status_code == 303
    yield b
    b.close()


def test_name_and_display_name(browser, account):
    page = browser.submit("/app/profile", {"name": "Ada Lovelace", "display_name": "Ada"})
    assert "Profile saved." in notices(page)
    profile = account.client.get("/api/v1/profile").json()
    assert (profile["name"], profile["display_name"], profile["available_name"]) == ("Ada Lovelace", "Ada", "Ada")
    assert '<dd id="profile-display-name">Ada</dd>' in page.text

    browser.submit("/app/profile", {"name": "Ada Lovelace", "display_name": "  "})
    assert account.client.get("/api/v1/profile").json()["display_name"] is None

    refused = browser.submit("/app/profile", {"name": " ", "display_name": "Nobody"})
    assert "Name can't be blank" in notices(refused)
    assert account.client.get("/api/v1/profile").json()["name"] == "Ada Lovelace"


def test_reset_access_token_makes_a_new_one_and_the_old_one_stops_working(browser, account, server):
    old = account.token
    page = browser.submit("/app/profile/access-token")
    assert "The old one no longer works" in notices(page)[0]
    new = page.text.split('<code id="access-token">', 1)[1].split("</code>", 1)[0]
    assert new and new != old

    import httpx

    with httpx.Client(base_url=server.url) as api:
        assert api.get("/api/v1/profile", headers={"api_access_token": old}).status_code == 401
        fresh = api.get("/api/v1/profile", headers={"api_access_token": new})
        assert fresh.status_code == 200 and fresh.json()["access_token"] == new
    account.token, account._client = new, None
