"""GET /platform/api/v1/users/{id}/login: a link that signs the dashboard in once, and expires."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import update

from chatlake.models import LoginLink
from chatlake.models.base import utcnow
from tests.platform.support import run_statement


def _link(platform, user_id: int) -> str:
    r = platform.request("GET", f"/users/{user_id}/login")
    assert r.status_code == 200, r.text
    url = r.json()["url"]
    assert set(r.json()) == {"url"}
    return url


def _open(platform, url: str) -> tuple[httpx.Response, httpx.Client]:
    parts = urlsplit(url)
    browser = httpx.Client(base_url=platform.server.url)
    return browser.get(f"{parts.path}?{parts.query}"), browser


def test_the_link_signs_in_once(platform):
    account = platform.create_account()
    user = platform.create_user()
    platform.add_member(account["id"], user["id"])
    url = _link(platform, user["id"])
    query = parse_qs(urlsplit(url).query)
    assert query["email"] == [user["email"]] and len(query["sso_auth_token"][0]) >= 32

    r, browser = _open(platform, url)
    assert r.status_code == 303 and r.headers["location"] == "/app"
    page = browser.get("/app/profile")
    assert page.status_code == 200 and "Sign in to Chatlake" not in page.text
    browser.close()

    again, other = _open(platform, url)  # the same link a second time: spent
    assert again.status_code == 401 and "expired or was already used" in again.text
    assert other.get("/app/profile", follow_redirects=False).status_code in (302, 303)
    other.close()


def test_an_expired_or_altered_link_does_not_sign_in(platform):
    user = platform.create_user()
    url = _link(platform, user["id"])
    run_statement(platform.server, update(LoginLink).where(LoginLink.user_id == user["id"]).values(expires_at=utcnow()))
    r, browser = _open(platform, url)
    assert r.status_code == 401
    browser.close()

    fresh = _link(platform, user["id"])
    for altered in (fresh.replace("sso_auth_token=", "sso_auth_token=x"), fresh.replace("pat-", "someone-")):
        r, browser = _open(platform, altered)
        assert r.status_code == 401, altered
        browser.close()
    r, browser = _open(platform, fresh)  # the unaltered link still works once
    assert r.status_code == 303
    browser.close()
