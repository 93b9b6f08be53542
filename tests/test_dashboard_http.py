"""The dashboard over plain HTTP: sign-in, CSRF, redirects, what each page shows, escaping, headers."""

from __future__ import annotations

import re

import httpx
import pytest

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
HOSTILE_NAME = "<script>alert(1)</script>"


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


@pytest.fixture
def browser_like(server):
    """A cookie-keeping client that does not follow redirects, so tests see each one."""
    with httpx.Client(base_url=server.url, timeout=30, follow_redirects=False) as client:
        yield client


def sign_in(client: httpx.Client, email: str, password: str, **extra) -> httpx.Response:
    token = csrf_from(client.get("/app/login").text)
    return client.post("/app/login", data={"email": email, "password": password, "csrf_token": token, **extra})


@pytest.fixture
def signed_in(browser_like, account):
    r = sign_in(browser_like, account.email, account.password)
    assert r.status_code == 303, r.text
    return browser_like


def conversation_with_contact(account, inbox_id: int, contact_name: str, **fields) -> dict:
    contact = account.create_contact(inbox_id, name=contact_name)
    r = account.post(
        "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox_id, **fields}
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_root_redirects_to_the_dashboard(browser_like):
    r = browser_like.get("/")
    assert r.status_code == 302
    assert r.headers["location"] == "/app"


@pytest.mark.parametrize("path", ["/app", "/app/profile", "/app/conversations/1"])
def test_pages_redirect_to_login_when_signed_out(browser_like, path):
    r = browser_like.get(path)
    assert r.status_code == 303
    assert r.headers["location"] == "/app/login?next=" + path.replace("/", "%2F")


def test_session_cookie_is_httponly_lax_and_limited_to_the_dashboard(browser_like):
    r = browser_like.get("/app/login")
    assert r.status_code == 200
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("chatlake_session=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/app;" in cookie


def test_sign_in_opens_the_conversation_list(browser_like, account):
    r = sign_in(browser_like, account.email, account.password)
    assert r.status_code == 303
    assert r.headers["location"] == "/app"
    page = browser_like.get("/app")
    assert page.status_code == 200
    assert '<h1 id="list-heading">Conversations</h1>' in page.text
    assert "Ada Admin" in page.text


def test_email_is_matched_without_regard_to_case_or_spaces(browser_like, account):
    r = sign_in(browser_like, f"  {account.email.upper()} ", account.password)
    assert r.status_code == 303


@pytest.mark.parametrize("wrong", ["password", "email"])
def test_wrong_credentials_show_the_login_page_again_with_401(browser_like, account, wrong):
    email = "nobody@example.com" if wrong == "email" else account.email
    password = "not the password" if wrong == "password" else account.password
    r = sign_in(browser_like, email, password)
    assert r.status_code == 401
    assert "Invalid email or password." in r.text
    assert 'name="password"' in r.text
    assert browser_like.get("/app").status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_login_without_the_sessions_csrf_token_is_rejected(browser_like, account, token):
    browser_like.get("/app/login")
    form = {"email": account.email, "password": account.password}
    if token is not None:
        form["csrf_token"] = token
    r = browser_like.post("/app/login", data=form)
    assert r.status_code == 403
    assert browser_like.get("/app").status_code == 303


def test_login_with_a_token_but_no_session_is_rejected(server, browser_like, account):
    token = csrf_from(browser_like.get("/app/login").text)
    with httpx.Client(base_url=server.url, timeout=30) as cookieless:
        r = cookieless.post(
            "/app/login", data={"email": account.email, "password": account.password, "csrf_token": token}
        )
    assert r.status_code == 403


def test_sign_in_returns_to_the_page_asked_for(browser_like, account):
    r = sign_in(browser_like, account.email, account.password, next="/app/profile")
    assert r.headers["location"] == "/app/profile"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/api/v1/profile", "/app/logout"])
def test_sign_in_never_returns_off_the_dashboard(browser_like, account, target):
    r = sign_in(browser_like, account.email, account.password, next=target)
    assert r.headers["location"] == "/app"


def test_sign_out_needs_the_csrf_token(signed_in):
    r = signed_in.post("/app/logout", data={})
    assert r.status_code == 403
    assert signed_in.get("/app").status_code == 200

    token = csrf_from(signed_in.get("/app").text)
    r = signed_in.post("/app/logout", data={"csrf_token": token})
    assert r.status_code == 303
    assert r.headers["location"] == "/app/login"
    assert signed_in.get("/app").status_code == 303


def test_csrf_token_changes_at_sign_in(browser_like, account):
    before = csrf_from(browser_like.get("/app/login").text)
    sign_in(browser_like, account.email, account.password)
    after = csrf_from(browser_like.get("/app").text)
    assert before != after


def test_profile_shows_name_email_and_access_token(signed_in, account):
    r = signed_in.get("/app/profile")
    assert r.status_code == 200
    assert "Profile settings" in r.text
    assert "Ada Admin" in r.text
    assert account.email in r.text
    assert "Access Token" in r.text
    assert f'<code id="access-token">{account.token}</code>' in r.text


def test_conversation_list_filters_by_status(signed_in, account):
    inbox = account.create_api_inbox(name="Support line")
    open_one = conversation_with_contact(account, inbox["id"], "Olivia Open")
    resolved = conversation_with_contact(account, inbox["id"], "Rita Resolved", status="resolved")
    account.create_message(open_one["id"], "Where is my parcel?", message_type="incoming")

    default = signed_in.get("/app").text
    assert "Olivia Open" in default and "Rita Resolved" not in default
    assert "Support line" in default
    assert "Where is my parcel?" in default
    assert f'href="/app/conversations/{open_one["id"]}"' in default

    resolved_page = signed_in.get("/app?status=resolved").text
    assert "Rita Resolved" in resolved_page and "Olivia Open" not in resolved_page
    assert f'href="/app/conversations/{resolved["id"]}?status=resolved"' in resolved_page

    everything = signed_in.get("/app?status=all").text
    assert "Rita Resolved" in everything and "Olivia Open" in everything

    assert signed_in.get("/app?status=closed").status_code == 400
    assert signed_in.get("/app?page=zero").status_code == 400


def test_thread_shows_every_kind_of_message_oldest_first(signed_in, account):
    inbox = account.create_api_inbox()
    conversation = conversation_with_contact(account, inbox["id"], "Tom Thread", status="resolved")
    incoming = account.create_message(conversation["id"], "I need help", message_type="incoming")
    outgoing = account.create_message(conversation["id"], "Happy to help")
    note = account.create_message(conversation["id"], "Check his order first", private=True)

    r = signed_in.get(f"/app/conversations/{conversation['id']}")
    assert r.status_code == 200
    shown = re.findall(r'data-message="(\d+)" data-kind="(\w+)"', r.text)
    ids = [int(i) for i, _ in shown]
    assert ids == sorted(ids)
    kinds = dict(shown)
    assert kinds[str(incoming["id"])] == "incoming"
    assert kinds[str(outgoing["id"])] == "outgoing"
    assert kinds[str(note["id"])] == "note"
    # The incoming message reopened the resolved conversation, which the thread records as activity.
    assert "activity" in kinds.values()
    assert "System reopened the conversation" in r.text
    assert "Private note" in r.text


def test_thread_pages_back_through_older_messages(signed_in, account):
    inbox = account.create_api_inbox()
    conversation = conversation_with_contact(account, inbox["id"], "Paula Pages")
    sent = [account.create_message(conversation["id"], f"message number {n}") for n in range(25)]

    newest = signed_in.get(f"/app/conversations/{conversation['id']}").text
    assert "message number 24" in newest and "message number 4<" not in newest
    older_link = re.search(r'href="(/app/conversations/\d+\?before=\d+)"', newest)
    assert older_link
    older = thread_of(signed_in.get(older_link.group(1)).text)
    assert "message number 0<" in older and "message number 24" not in older
    assert f"before={sent[5]['id']}" in older_link.group(1)


def thread_of(html: str) -> str:
    """The message list of a conversation page (the conversation list beside it shows previews too)."""
    start = html.index('<ol class="thread"')
    return html[start : html.index("</ol>", start)]


def test_user_content_is_escaped(signed_in, account):
    inbox = account.create_api_inbox(name="<b>Inbox</b>")
    conversation = conversation_with_contact(account, inbox["id"], HOSTILE_NAME)
    account.create_message(conversation["id"], '<img src=x onerror="alert(2)">', message_type="incoming")

    for path in ("/app", f"/app/conversations/{conversation['id']}"):
        html = signed_in.get(path).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert HOSTILE_NAME not in html
        assert "<img src=x" not in html
        assert "&lt;b&gt;Inbox&lt;/b&gt;" in html
    assert (
        "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in signed_in.get(f"/app/conversations/{conversation['id']}").text
    )


def test_another_accounts_conversation_is_not_found(signed_in, account, other_account):
    theirs = other_account.create_api_inbox()
    conversation_with_contact(other_account, theirs["id"], "Not Yours")
    second = conversation_with_contact(other_account, theirs["id"], "Not Yours Either")

    r = signed_in.get(f"/app/conversations/{second['id']}")
    assert r.status_code == 404
    assert "Not Yours" not in r.text
    assert "Not Yours" not in signed_in.get("/app?status=all").text


def test_dashboard_pages_carry_a_strict_content_security_policy(signed_in):
    for path in ("/app", "/app/profile", "/app/login", "/app/static/dashboard.css"):
        r = signed_in.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_pages_hold_no_inline_script_or_style(signed_in, account):
    inbox = account.create_api_inbox()
    conversation = conversation_with_contact(account, inbox["id"], "Script Free")
    for path in ("/app", "/app/profile", f"/app/conversations/{conversation['id']}"):
        html = signed_in.get(path).text
        assert re.findall(r"<script[^>]*>", html) == ['<script type="module" src="/app/static/dashboard.js">']
        assert "<style" not in html and " style=" not in html and " onclick=" not in html


def test_signed_in_pages_are_not_cached(signed_in):
    assert signed_in.get("/app/profile").headers["cache-control"] == "no-store"


def test_api_responses_do_not_get_dashboard_cookies_or_headers(account):
    r = account.client.get("/api/v1/profile")
    assert r.status_code == 200
    assert "set-cookie" not in r.headers
    assert "content-security-policy" not in r.headers


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/app/static/dashboard.js", "text/javascript"),
        ("/app/static/relative-time.js", "text/javascript"),
        ("/app/static/copy-text.js", "text/javascript"),
        ("/app/static/dashboard.css", "text/css"),
        ("/app/static/favicon.svg", "image/svg+xml"),
    ],
)
def test_static_files_are_served_with_their_types(browser_like, path, content_type):
    r = browser_like.get(path)
    assert r.status_code == 200
    served_as = r.headers["content-type"].split(";")[0]
    # Module scripts are refused under nosniff unless served with a JavaScript type; both names are one.
    assert served_as == content_type or (content_type == "text/javascript" and served_as == "application/javascript")


def test_login_page_sends_a_signed_in_user_on(signed_in):
    r = signed_in.get("/app/login?next=/app/profile")
    assert r.status_code == 303
    assert r.headers["location"] == "/app/profile"


def test_missing_conversation_and_bad_cursor_get_error_pages(signed_in, account):
    missing = signed_in.get("/app/conversations/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "does not exist" in missing.text

    inbox = account.create_api_inbox()
    conversation = conversation_with_contact(account, inbox["id"], "Cursor Case")
    assert signed_in.get(f"/app/conversations/{conversation['id']}?before=abc").status_code == 400
