"""`chatlake serve` believes X-Forwarded-Proto only from the proxies it is told to trust."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import postgres_url
from tests.processes import ServerProcess, chatlake_env, fresh_database_url

FROM_A_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def cookie_parts(url: str) -> list[str]:
    r = httpx.get(url + "/app/login", headers=FROM_A_PROXY, timeout=30)
    assert r.status_code == 200
    return [part.strip().lower() for part in r.headers["set-cookie"].split(";")]


@pytest.mark.parametrize(("trusted", "secure"), [(None, False), ("127.0.0.1,::1", True), ("10.9.9.9", False)])
def test_the_session_cookie_is_secure_only_behind_a_trusted_proxy(db_kind, data_dir, tmp_path, trusted, secure):
    extra = {"CHATLAKE_TRUSTED_PROXIES": trusted} if trusted else {}
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), tmp_path, **extra)
    server = ServerProcess(env, with_worker=False).start()
    try:
        parts = cookie_parts(server.url)
    finally:
        server.stop()
    # By default no proxy is trusted; one on the same machine must be named; 10.9.9.9 is not who is asking.
    assert ("secure" in parts) is secure
    assert "httponly" in parts and "samesite=lax" in parts
