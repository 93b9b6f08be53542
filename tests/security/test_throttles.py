"""Throttles that hold under concurrency: sign-in attempts counted before the password is looked at, per email and
per client address, without locking the real user's own browser out; wrong API tokens per client address;
X-Forwarded-For believed only from configured proxies."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import httpx
import pytest

from tests.conftest import postgres_url
from tests.dashboard_support import Dashboard
from tests.processes import ServerProcess, chatlake_env, fresh_database_url

CONCURRENT = 40


def fresh_address() -> str:
    """A client address of the test's own (X-Forwarded-For from 127.0.0.1, which the test server trusts)."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250}"


def all_at_once(attempts) -> list[int]:
    """Prepare each attempt, then send them all at the same moment (each on its own thread and connection);
    their status codes."""
    ready = [attempt() for attempt in attempts]  # each one's form fetched first, so only the posts race
    barrier = threading.Barrier(len(ready))
    statuses: list[int] = []

    def run(post) -> None:
        barrier.wait(60)
        statuses.append(post())

    threads = [threading.Thread(target=run, args=(post,)) for post in ready]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(statuses) == len(attempts)
    return statuses


def sign_in_attempt(server, email: str, password: str, address: str, opened: list):
    def prepare():
        browser = Dashboard(server.url, **{"X-Forwarded-For": address})
        opened.append(browser)
        token = browser.get("/app/login").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        return lambda: (
            browser.http.post(
                "/app/login", data={"email": email, "password": password, "csrf_token": token}
            ).status_code
        )

    return prepare


@pytest.fixture
def opened():
    browsers: list[Dashboard] = []
    yield browsers
    for browser in browsers:
        browser.close()


def test_concurrent_wrong_passwords_for_one_email_pass_the_limit_never(server, account, opened):
    limit = server.settings.login_failures_per_email
    attempts = [sign_in_attempt(server, account.email, "wrong", fresh_address(), opened) for _ in range(CONCURRENT)]
    statuses = Counter(all_at_once(attempts))
    print(f"sign-in, one email, {CONCURRENT} wrong passwords at once (limit {limit}): {dict(statuses)}")
    assert statuses[401] <= limit, statuses
    assert statuses[401] + statuses[429] == CONCURRENT, statuses
    # The lock holds for the right password too, from a browser that never signed in as this user.
    assert sign_in_attempt(server, account.email, account.password, fresh_address(), opened)()() == 429


def test_concurrent_guesses_from_one_address_pass_its_limit_never(server, account, opened):
    limit = server.settings.login_failures_per_address
    address = fresh_address()
    attempts = [
        sign_in_attempt(server, f"guess-{n}-{uuid.uuid4().hex[:6]}@example.com", "x", address, opened)
        for n in range(CONCURRENT)
    ]
    statuses = Counter(all_at_once(attempts))
    print(f"sign-in, one address, {CONCURRENT} guesses at once (limit {limit}): {dict(statuses)}")
    assert statuses[401] <= limit, statuses
    assert statuses[401] + statuses[429] == CONCURRENT, statuses


def test_the_users_own_browser_still_signs_in_while_their_email_is_locked(server, account, opened):
    own = Dashboard(server.url, **{"X-Forwarded-For": fresh_address()})
    opened.append(own)
    assert own.sign_in(account.email, account.password).status_code == 303
    assert own.post("/app/logout").status_code == 303
    for _ in range(server.settings.login_failures_per_email + 2):
        sign_in_attempt(server, account.email, "wrong", fresh_address(), opened)()()
    stranger = Dashboard(server.url, **{"X-Forwarded-For": fresh_address()})
    opened.append(stranger)
    assert stranger.sign_in(account.email, account.password).status_code == 429
    # The browser that signed in before has its own budget: the guesser elsewhere cannot lock it out.
    assert own.sign_in(account.email, account.password).status_code == 303
    # A forged device cookie counts for nothing.
    forger = Dashboard(server.url, **{"X-Forwarded-For": fresh_address()})
    opened.append(forger)
    forger.http.cookies.set("chatlake_known_device", "forged")
    assert forger.sign_in(account.email, account.password).status_code == 429


def token_attempt(server, token: str, address: str):
    def prepare():
        client = httpx.Client(base_url=server.url, headers={"api_access_token": token, "X-Forwarded-For": address})
        return lambda: _closing(client, client.get("/api/v1/profile"))

    return prepare


def _closing(client: httpx.Client, response: httpx.Response) -> int:
    client.close()
    return response.status_code


@pytest.fixture
def token_limit(server, monkeypatch):
    throttle = server.app.state.token_throttle
    monkeypatch.setattr(throttle, "limit", 5)
    return throttle.limit


def test_wrong_api_tokens_are_throttled_per_address(server, account, token_limit):
    address = fresh_address()
    headers = {"X-Forwarded-For": address}
    for _ in range(token_limit):
        r = httpx.get(server.url + "/api/v1/profile", headers={**headers, "api_access_token": "guess"})
        assert r.status_code == 401
    for token in ("guess", account.token):
        # Past the limit: refused before the token is looked up, so even a right guess learns nothing.
        r = httpx.get(server.url + "/api/v1/profile", headers={**headers, "api_access_token": token})
        assert r.status_code == 429, r.text
        assert 0 < int(r.headers["retry-after"]) <= server.settings.token_failure_window_seconds + 1
        assert "Too many requests" in r.json()["error"]
    # Another address, and requests without a token, are not affected; a valid token that is refused an
    # action it may not take is no guess.
    assert httpx.get(server.url + "/api/v1/profile", headers={"api_access_token": account.token}).status_code == 200
    assert httpx.get(server.url + "/api/v1/profile", headers=headers).status_code == 401


def test_concurrent_wrong_tokens_pass_the_limit_never(server, token_limit):
    address = fresh_address()
    statuses = Counter(all_at_once([token_attempt(server, "guess", address) for _ in range(CONCURRENT)]))
    print(f"API tokens, one address, {CONCURRENT} wrong tokens at once (limit {token_limit}): {dict(statuses)}")
    assert statuses[401] <= token_limit, statuses
    assert statuses[401] + statuses[429] == CONCURRENT, statuses


@pytest.mark.parametrize(("trusted", "believed"), [(None, False), ("127.0.0.1", True)])
def test_x_forwarded_for_is_believed_only_from_configured_proxies(db_kind, data_dir, tmp_path, trusted, believed):
    extra = {"CHATLAKE_LOGIN_FAILURES_PER_ADDRESS": "2", "CHATLAKE_LOGIN_FAILURES_PER_EMAIL": "100"}
    if trusted:
        extra["CHATLAKE_TRUSTED_PROXIES"] = trusted
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), tmp_path, **extra)
    server = ServerProcess(env, with_worker=False).start()
    opened: list[Dashboard] = []
    try:
        statuses = [
            sign_in_attempt(server, f"nobody-{n}@example.com", "x", fresh_address(), opened)()() for n in range(4)
        ]
    finally:
        for browser in opened:
            browser.close()
        server.stop()
    # Each attempt claims another address: believed, none shares a count; ignored, all are the peer's.
    assert statuses == ([401] * 4 if believed else [401, 401, 429, 429])
