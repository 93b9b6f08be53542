"""Sign-in safety over HTTP: revocable sessions, throttled failures, cookie flags, CSRF on every post."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.dashboard_support import Dashboard, notices

NEW_PASSWORD = "a brand new password"


@pytest.fixture
def browsers(server):
    opened: list[Dashboard] = []

    def open_browser(**headers: str) -> Dashboard:
        browser = Dashboard(server.url, **headers)
        opened.append(browser)
        return browser

    yield open_browser
    for browser in opened:
        browser.close()


def fresh_address() -> str:
    """A client address of the test's own (via X-Forwarded-For, which uvicorn takes from 127.0.0.1, a
    trusted proxy), so throttling tests do not share a count with other tests on this machine."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def test_sign_out_ends_the_session_on_the_server(browsers, account):
    browser = browsers()
    browser.sign_in(account.email, account.password)
    stolen_cookie = browser.http.cookies.get("chatlake_session")
    r = browser.post("/app/logout")
    assert r.status_code == 303 and r.headers["location"] == "/app/login"
    assert browser.get("/app").status_code == 303

    # A copy of the cookie taken before signing out is worth nothing afterwards.
    replay = browsers()
    replay.http.cookies.set("chatlake_session", stolen_cookie)
    r = replay.get("/app/profile")
    assert r.status_code == 303 and r.headers["location"].startswith("/app/login")


def test_password_change_needs_the_current_password(browsers, account):
    browser = browsers()
    browser.sign_in(account.email, account.password)
    page = browser.submit(
        "/app/profile/password",
        {"current_password": "wrong", "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD},
    )
    assert "The current password is not correct." in notices(page)
    assert browsers().sign_in(account.email, account.password).status_code == 303


@pytest.mark.parametrize(
    ("new", "confirmation", "reason"),
    [
        ("short", "short", "Password is too short (minimum is 8 characters)"),
        (NEW_PASSWORD, "something else", "Password confirmation does not match the password"),
    ],
)
def test_password_change_checks_the_new_password(browsers, account, new, confirmation, reason):
    browser = browsers()
    browser.sign_in(account.email, account.password)
    page = browser.submit(
        "/app/profile/password",
        {"current_password": account.password, "password": new, "password_confirmation": confirmation},
    )
    assert reason in notices(page)
    assert browsers().sign_in(account.email, account.password).status_code == 303


def test_password_change_signs_out_the_users_other_sessions_only(browsers, account, other_account):
    here, elsewhere, someone_else = browsers(), browsers(), browsers()
    here.sign_in(account.email, account.password)
    elsewhere.sign_in(account.email, account.password)
    someone_else.sign_in(other_account.email, other_account.password)

    page = here.submit(
        "/app/profile/password",
        {"current_password": account.password, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD},
    )
    assert "Password changed. You were signed out everywhere else." in notices(page)
    assert here.get("/app/profile").status_code == 200
    assert elsewhere.get("/app/profile").status_code == 303
    login_page = elsewhere.get("/app/login?next=/app/profile")
    assert "Your session has ended (signed out, or the password was changed)." in notices(login_page)[0]
    assert someone_else.get("/app/profile").status_code == 200

    assert browsers().sign_in(account.email, account.password).status_code == 401
    assert browsers().sign_in(account.email, NEW_PASSWORD).status_code == 303
    # The API token is not a password: it keeps working.
    assert account.client.get("/api/v1/profile").status_code == 200


def test_failed_sign_ins_are_throttled_per_email(browsers, server, account):
    limit = server.settings.login_failures_per_email
    for _ in range(limit):
        assert browsers(**{"X-Forwarded-For": fresh_address()}).sign_in(account.email, "wrong").status_code == 401
    # From yet another address, and with the right password: the email is locked for the window.
    r = browsers(**{"X-Forwarded-For": fresh_address()}).sign_in(account.email, account.password)
    assert r.status_code == 429
    assert "Too many failed sign-in attempts" in r.text
    assert re.search(r"try again in \d+ minutes?", r.text)
    assert 0 < int(r.headers["retry-after"]) <= server.settings.login_failure_window_seconds + 1
    assert 'role="alert"' in r.text


def test_failed_sign_ins_are_throttled_per_client_address(browsers, server, account, other_account):
    address = fresh_address()
    for n in range(server.settings.login_failures_per_address):
        r = browsers(**{"X-Forwarded-For": address}).sign_in(f"guess-{n}-{uuid.uuid4().hex[:6]}@example.com", "x")
        assert r.status_code == 401
    r = browsers(**{"X-Forwarded-For": address}).sign_in(other_account.email, other_account.password)
    assert r.status_code == 429
    # Another address is not affected, nor is the email from elsewhere.
    assert browsers(**{"X-Forwarded-For": fresh_address()}).sign_in(account.email, account.password).status_code == 303


def test_a_successful_sign_in_clears_the_emails_failures(browsers, server, account):
    address = fresh_address()
    for _ in range(server.settings.login_failures_per_email - 1):
        assert browsers(**{"X-Forwarded-For": address}).sign_in(account.email, "wrong").status_code == 401
    assert browsers(**{"X-Forwarded-For": address}).sign_in(account.email, account.password).status_code == 303
    for _ in range(server.settings.login_failures_per_email - 1):
        assert browsers(**{"X-Forwarded-For": address}).sign_in(account.email, "wrong").status_code == 401
    assert browsers(**{"X-Forwarded-For": address}).sign_in(account.email, account.password).status_code == 303


def test_session_cookie_flags_over_plain_http(browsers, account):
    browser = browsers()
    token_page = browser.get("/app/login")
    cookie = token_page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie


def test_session_cookie_is_secure_when_a_trusted_proxy_says_https(browsers, account):
    browser = browsers(**{"X-Forwarded-Proto": "https"})
    r = browser.get("/app/login")
    parts = [p.strip().lower() for p in r.headers["set-cookie"].split(";")]
    assert "secure" in parts and "httponly" in parts and "samesite=lax" in parts


def _routes(routes, prefix: str = ""):
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI wraps included routers
        if included is not None:
            yield from _routes(included.routes, prefix + route.include_context.prefix)
        else:
            yield prefix + getattr(route, "path", ""), getattr(route, "methods", None) or set()


def _post_routes(app) -> list[str]:
    paths = {
        re.sub(r"\{[^}]+\}", "1", path)
        for path, methods in _routes(app.routes)
        if path.startswith("/app") and "POST" in methods
    }
    return sorted(paths)


def test_every_dashboard_post_refuses_a_missing_or_wrong_csrf_token(server, browsers, account):
    paths = _post_routes(server.app)
    assert len(paths) >= 25, paths  # the settings, profile and contact forms are all listed
    browser = browsers()
    browser.sign_in(account.email, account.password)
    for path in paths:
        for form in ({}, {"csrf_token": "forged"}):
            r = browser.post(path, form, csrf=False)
            assert r.status_code == 403, (path, form, r.status_code)
    # A header token is the other accepted way (for script-sent requests), and it must match too.
    r = browser.http.post("/app/settings/labels", data={"title": "x"}, headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 403
    assert account.get("/labels").json()["payload"] == []
    r = browser.http.post("/app/settings/labels", data={"title": "by-header"}, headers={"X-CSRF-Token": browser.csrf()})
    assert r.status_code == 303
    assert [label["title"] for label in account.get("/labels").json()["payload"]] == ["by-header"]
