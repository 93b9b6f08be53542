"""Driving the dashboard over plain HTTP as a browser would: cookies, CSRF tokens, redirects."""

from __future__ import annotations

import html
import re

import httpx

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
NOTICE = re.compile(r'<p class="(?:notice|alert)" role="(?:status|alert)">(.*?)</p>', re.S)


def csrf_from(page: str) -> str:
    match = CSRF_FIELD.search(page)
    assert match, "page has no CSRF field"
    return match.group(1)


class Dashboard:
    """A signed-in (or not) browser: keeps cookies, does not follow redirects, so tests see each one."""

    def __init__(self, base_url: str, **headers: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30, follow_redirects=False, headers=headers)
        self._csrf: str | None = None
        self.signed_in = False

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, **kw) -> httpx.Response:
        return self.http.get(path, **kw)

    def csrf(self) -> str:
        if self._csrf is None:
            self._csrf = csrf_from(self.http.get("/app/login" if not self.signed_in else "/app/profile").text)
        return self._csrf

    def sign_in(self, email: str, password: str, **extra) -> httpx.Response:
        token = csrf_from(self.http.get("/app/login").text)
        r = self.http.post("/app/login", data={"email": email, "password": password, "csrf_token": token, **extra})
        if r.status_code == 303:
            self.signed_in = True
            self._csrf = None  # rotated at sign-in
        return r

    def post(self, path: str, data: dict | list | None = None, *, csrf: bool = True) -> httpx.Response:
        """A form post; `data` may be a list of pairs for repeated fields (checkbox groups)."""
        pairs = list(data.items()) if isinstance(data, dict) else list(data or [])
        if csrf:
            pairs.append(("csrf_token", self.csrf()))
        fields: dict[str, list[str]] = {}
        for key, value in pairs:
            fields.setdefault(key, []).append(value)
        return self.http.post(path, data=fields)

    def submit(self, path: str, data: dict | list | None = None) -> httpx.Response:
        """Post, follow the one redirect back to the page, and return that page."""
        r = self.post(path, data)
        assert r.status_code == 303, (r.status_code, r.text[:2000])
        page = self.get(r.headers["location"])
        assert page.status_code == 200, page.text[:2000]
        return page


def notices(page: httpx.Response | str) -> list[str]:
    text = page if isinstance(page, str) else page.text
    return [html.unescape(m).strip() for m in NOTICE.findall(text)]
