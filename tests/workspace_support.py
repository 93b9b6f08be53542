"""Shared by the workspace's HTTP and browser tests: signed-in dashboard clients and second agents."""

from __future__ import annotations

import re
import uuid

import httpx

from chatlake.actions.accounts import do_create_user
from chatlake.models import AccountUser
from chatlake.models.user import ROLES
from tests.support import LiveServer, TestAccount

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
WORKSPACE_CSRF = re.compile(r'data-csrf-token="([^"]+)"')
PASSWORD = "correct horse battery"


def dashboard_client(server: LiveServer, email: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    """A cookie-keeping client signed in to the dashboard, and the CSRF token its pages carry."""
    client = httpx.Client(base_url=server.url, timeout=30, follow_redirects=False)
    token = CSRF_FIELD.search(client.get("/app/login").text).group(1)
    r = client.post("/app/login", data={"email": email, "password": password, "csrf_token": token})
    assert r.status_code == 303, r.text
    page = client.get("/app")
    assert page.status_code == 200
    return client, WORKSPACE_CSRF.search(page.text).group(1)


def add_member(server: LiveServer, account: TestAccount, name: str, role: str = "administrator") -> TestAccount:
    """Another member of the account who can sign in with PASSWORD."""
    email = f"member-{uuid.uuid4().hex[:10]}@example.com"

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            user, token = await do_create_user(session, name=name, email=email, password=PASSWORD)
            session.add(AccountUser(account_id=account.account_id, user_id=user.id, role=ROLES[role]))
            return user.id, token

    user_id, token = server.call(go())
    return TestAccount(server, account.account_id, user_id, token, email, PASSWORD)


def conversation_with_contact(account: TestAccount, inbox_id: int, contact_name: str, **fields) -> dict:
    contact_fields = {k: fields.pop(k) for k in ("email",) if k in fields}
    contact = account.create_contact(inbox_id, name=contact_name, **contact_fields)
    r = account.post(
        "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox_id, **fields}
    )
    assert r.status_code == 200, r.text
    return r.json()
