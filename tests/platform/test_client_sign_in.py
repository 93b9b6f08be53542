"""Chatwoot's client sign-in: POST /auth/sign_in answers the user and devise_token_auth's headers, the
Application API accepts those headers, sign-out ends them, and failures are throttled like the dashboard's."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import update

from chatlake.models import ClientSignIn
from chatlake.models.base import utcnow
from tests.platform.support import run_statement


def fresh_address() -> str:
    """A client address of the test's own (X-Forwarded-For from 127.0.0.1, a trusted proxy), so throttling
    counts are not shared with other tests."""
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def _sign_in(server, email: str, password: str) -> httpx.Response:
    body = {"email": email, "password": password}
    return httpx.post(f"{server.url}/auth/sign_in", json=body, headers={"X-Forwarded-For": fresh_address()})


def _client_headers(r: httpx.Response) -> dict[str, str]:
    return {name: r.headers[name] for name in ("access-token", "client", "uid")}


def test_sign_in_answers_the_user_and_the_client_headers(account):
    r = _sign_in(account.server, account.email.upper(), account.password)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["id"] == account.user_id and data["email"] == account.email
    assert data["access_token"] == account.token  # what apps that use api_access_token read
    assert data["account_id"] == account.account_id and data["role"] == "administrator"
    assert [a["id"] for a in data["accounts"]] == [account.account_id]
    assert r.headers["token-type"] == "Bearer" and r.headers["uid"] == account.email
    assert len(r.headers["access-token"]) >= 24 and r.headers["client"] and int(r.headers["expiry"]) > 0
    assert r.headers["cache-control"] == "no-store"


def test_the_application_api_accepts_the_client_headers_until_sign_out(account, other_account):
    r = _sign_in(account.server, account.email, account.password)
    headers = _client_headers(r)
    api = httpx.Client(base_url=account.server.url, headers=headers)
    assert api.get(account.path("/inboxes")).status_code == 200
    created = api.post(account.path("/labels"), json={"title": f"mobile-{uuid.uuid4().hex[:6]}"})
    assert created.status_code == 200, created.text
    assert api.get("/api/v1/profile").json()["id"] == account.user_id
    # The user's other accounts only: the credentials carry no more than the user's token does.
    r = api.get(other_account.path("/inboxes"))
    assert r.status_code == 401 and r.json()["error"] == "You are not authorized to access this account"
    assert (
        httpx.get(f"{account.server.url}/auth/validate_token", headers=headers).json()["data"]["id"] == account.user_id
    )

    # Each of the three must match.
    for name, wrong in (("access-token", "x" * 32), ("client", "other"), ("uid", "someone@example.com")):
        r = httpx.get(account.server.url + account.path("/inboxes"), headers={**headers, name: wrong})
        assert r.status_code == 401 and r.json() == {"error": "Invalid Access Token"}, name

    out = httpx.request("DELETE", f"{account.server.url}/auth/sign_out", headers=headers)
    assert out.status_code == 200 and out.json() == {"success": True}
    assert api.get(account.path("/inboxes")).status_code == 401
    again = httpx.request("DELETE", f"{account.server.url}/auth/sign_out", headers=headers)
    assert again.status_code == 404 and again.json()["success"] is False
    # The API token itself is untouched by signing a device out.
    assert account.get("/inboxes").status_code == 200
    api.close()


def test_expired_client_credentials_are_refused(account):
    headers = _client_headers(_sign_in(account.server, account.email, account.password))
    assert httpx.get(account.server.url + account.path("/inboxes"), headers=headers).status_code == 200
    run_statement(
        account.server,
        update(ClientSignIn).where(ClientSignIn.client_id == headers["client"]).values(expires_at=utcnow()),
    )
    assert httpx.get(account.server.url + account.path("/inboxes"), headers=headers).status_code == 401
    assert httpx.get(f"{account.server.url}/auth/validate_token", headers=headers).status_code == 401


def test_wrong_credentials_are_refused_and_throttled_like_the_dashboard(server, account):
    r = _sign_in(server, account.email, "wrong password")
    assert r.status_code == 401
    assert r.json() == {"success": False, "errors": ["Invalid login credentials. Please try again."]}
    assert "access-token" not in r.headers
    assert _sign_in(server, "nobody@example.com", "x").status_code == 401
    # Five failures for one email (the default) lock it, even with the right password, for a while.
    for _ in range(4):
        assert _sign_in(server, account.email, "wrong password").status_code == 401
    locked = _sign_in(server, account.email, account.password)
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert locked.json()["success"] is False and "Too many failed sign-in attempts" in locked.json()["errors"][0]
    # The dashboard counts the same failures: its form is locked for that email too.
    page = httpx.Client(base_url=server.url, headers={"X-Forwarded-For": fresh_address()})
    csrf = page.get("/app/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    form = page.post("/app/login", data={"email": account.email, "password": account.password, "csrf_token": csrf})
    assert form.status_code == 429
    page.close()


def test_a_one_time_link_token_signs_a_client_in_once(platform):
    user = platform.create_user()
    url = platform.request("GET", f"/users/{user['id']}/login").json()["url"]
    token = url.split("sso_auth_token=")[1]
    body = {"email": user["email"], "sso_auth_token": token}
    r = httpx.post(f"{platform.server.url}/auth/sign_in", json=body, headers={"X-Forwarded-For": fresh_address()})
    assert r.status_code == 200 and r.json()["data"]["id"] == user["id"] and r.headers["access-token"]
    again = httpx.post(f"{platform.server.url}/auth/sign_in", json=body, headers={"X-Forwarded-For": fresh_address()})
    assert again.status_code == 401
