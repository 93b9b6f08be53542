"""A generated tenant-isolation matrix: every route of the app (found by walking its routers, so a new route is
in it) x every role that must not reach a victim's data x the victim's objects in every path parameter, in the
query and in the body. No answer may carry the victim's data, no request against the victim's account may
succeed, and the victim's rows must be exactly as they were.

Roles: anonymous; an agent, an administrator and an agent bot of another account (each both on the victim's
account path and on their own account path with the victim's ids); an agent of the victim's own account on an
inbox they are not a member of (its conversation, messages and private note). Chatlake has no contact-side
public API yet, so that role has nothing to try."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select

from chatlake.models import Base, User
from tests.contract.world import World
from tests.realtime.cable import Cable, is_message, pubsub_token
from tests.security.targets import Operation, app_routes, object_ids

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# The ids a body or query may carry, by the names Chatwoot's API uses.
ID_FIELDS = {
    "inbox_id": "inboxes",
    "contact_id": "contacts",
    "conversation_id": "conversations",
    "assignee_id": "agents",
    "user_id": "agents",
    "agent_id": "agents",
    "team_id": "teams",
    "label_id": "labels",
    "agent_bot": "agent_bots",
    "category_id": "categories",
    "author_id": "agents",
    "base_contact_id": "contacts",
    "mergee_contact_id": "contacts",
    "message_id": "messages",
    "id": "contacts",
}
LIST_FIELDS = {"user_ids": "agents", "inbox_ids": "inboxes", "team_ids": "teams", "contact_ids": "contacts"}


@dataclass
class Victim:
    world: World
    ids: dict[str, object]
    hidden_ids: dict[str, object]  # objects in an inbox the victim's agent is not a member of
    markers: list[str]  # text only the victim's account holds
    hidden_markers: list[str]  # text only the hidden inbox holds


@dataclass(frozen=True)
class Role:
    name: str
    token: str | None
    own_account: int | None  # the account the role belongs to (None: anonymous)
    same_account: bool = False


def _ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def _build_victim(server, receiver_url: str) -> Victim:
    world = World.build(server, receiver_url)
    admin = world.admin
    tag = uuid.uuid4().hex[:12]
    markers = [f"victim-contact-{tag}", f"victim-message-{tag}", f"victim-team-{tag}", f"victim-reply-{tag}"]
    contact = _ok(admin.post("/contacts", {"name": markers[0], "inbox_id": world.inbox["id"]}))["payload"]
    conversation = world.fresh_conversation({**contact["contact"], "contact_inbox": contact["contact_inbox"]})
    _ok(admin.post(f"/conversations/{conversation['id']}/messages", {"content": markers[1]}))
    _ok(admin.post("/teams", {"name": f"t-{tag}", "description": markers[2]}))
    _ok(admin.post("/canned_responses", {"short_code": f"c-{tag}", "content": markers[3]}))
    # An inbox no agent is a member of: the world's agent must not see into it.
    hidden_inbox = _ok(admin.post("/inboxes", {"name": f"Hidden {tag}", "channel": {"type": "api"}}))
    hidden_markers = [f"hidden-message-{tag}", f"hidden-note-{tag}"]
    hidden_contact = _ok(admin.post("/contacts", {"name": f"h-{tag}", "inbox_id": hidden_inbox["id"]}))["payload"]
    hidden = _ok(
        admin.post(
            "/conversations",
            {"source_id": hidden_contact["contact_inbox"]["source_id"], "inbox_id": hidden_inbox["id"]},
        )
    )
    message = _ok(admin.post(f"/conversations/{hidden['id']}/messages", {"content": hidden_markers[0]}))
    _ok(admin.post(f"/conversations/{hidden['id']}/messages", {"content": hidden_markers[1], "private": True}))
    ids = object_ids(world)
    hidden_ids = {
        **ids,
        "inboxes": hidden_inbox["id"],
        "inbox_members": hidden_inbox["id"],
        "conversations": hidden["id"],
        "messages": message["id"],
    }
    return Victim(world, ids, hidden_ids, markers, hidden_markers)


@pytest.fixture(scope="module")
def victim(server, security_receiver):
    v = _build_victim(server, security_receiver.url)
    yield v
    v.world.close()


@pytest.fixture(scope="module")
def roles(server, security_receiver, victim) -> list[Role]:
    intruder = World.build(server, security_receiver.url)
    bot = intruder.fresh_agent_bot(name="Intruder bot")
    yield [
        Role("anonymous", None, None),
        Role("agent of another account", intruder.agent.token, intruder.account_id),
        Role("administrator of another account", intruder.admin.token, intruder.account_id),
        Role("agent bot of another account", bot["access_token"], intruder.account_id),
        Role("agent of the account without inbox access", victim.world.agent.token, victim.world.account_id, True),
    ]
    intruder.close()


def _snapshot(server, account_id: int, user_ids: list[int], inbox_id: int | None = None) -> dict[str, str]:
    """A digest per table of every row of the account (tables with account_id, its users, the account itself),
    or with `inbox_id` of every row of that inbox. Webhook delivery rows are left out: the worker settles them
    while the matrix runs."""

    async def go() -> dict[str, str]:
        digests: dict[str, str] = {}
        async with server.app.state.runtime.db.read_transaction() as session:
            for table in Base.metadata.sorted_tables:
                if table.name == "webhook_deliveries":
                    continue
                if inbox_id is not None:
                    if "inbox_id" not in table.c:
                        continue
                    stmt = select(table).where(table.c.inbox_id == inbox_id)
                elif "account_id" in table.c:
                    stmt = select(table).where(table.c.account_id == account_id)
                elif table.name == "accounts":
                    stmt = select(table).where(table.c.id == account_id)
                elif table.name == "users":
                    stmt = select(table).where(User.__table__.c.id.in_(user_ids))
                else:
                    continue
                rows = (await session.execute(stmt.order_by(*table.primary_key.columns))).all()
                digests[table.name] = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
        return digests

    return server.call(go())


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def _body(ids: dict[str, object], account_id: int) -> dict:
    body: dict = {name: ids[collection] for name, collection in ID_FIELDS.items()}
    body.update({name: [ids[collection]] for name, collection in LIST_FIELDS.items()})
    body.update(account_id=account_id, labels=["vip"], content="intruder was here", status="resolved")
    # Rails-style wrapped bodies read the same fields under the resource's name.
    for wrapper in ("contact", "conversation", "inbox", "team", "agent", "label", "webhook", "profile"):
        body[wrapper] = {k: v for k, v in body.items() if not isinstance(v, dict)}
    return body


def _query(ids: dict[str, object]) -> dict:
    return {name: ids[collection] for name, collection in ID_FIELDS.items()}


def _attempts(op: Operation, role: Role, victim: Victim):
    """(account in the path, ids to fill in, markers that must not show) for one route and role."""
    if role.same_account:
        if "{account_id}" not in op.path and not op.path.startswith("/api/v1/accounts"):
            return []
        return [(victim.world.account_id, victim.hidden_ids, victim.hidden_markers)]
    accounts = [victim.world.account_id]
    if role.own_account is not None and "{account_id" in op.path:
        accounts.append(role.own_account)
    return [(account, victim.ids, victim.markers + victim.hidden_markers) for account in accounts]


def test_no_role_reaches_another_accounts_data_through_any_route(server, victim, roles):
    # The markers are real: the victim's administrator sees them.
    admin = victim.world.admin
    assert victim.markers[0] in admin.get("/contacts").text
    hidden = victim.hidden_ids["conversations"]
    assert all(m in admin.get(f"/conversations/{hidden}/messages").text for m in victim.hidden_markers)
    operations = app_routes(server.app)
    account_id = victim.world.account_id
    user_ids = [victim.world.admin.user_id, victim.world.agent.user_id]
    # A client address of its own (X-Forwarded-For, trusted from loopback by the test server): the matrix posts
    # wrong credentials to the sign-in routes, which are throttled per address, and must not lock out the other
    # tests signing in from 127.0.0.1.
    own_address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    client = httpx.Client(
        base_url=server.url, timeout=30, follow_redirects=False, headers={"X-Forwarded-For": own_address}
    )
    tried, leaks = 0, []
    outsiders = [role for role in roles if not role.same_account]
    insiders = [role for role in roles if role.same_account]
    # Outsiders first, against every row of the account; then the member without access to the hidden inbox,
    # against that inbox's rows (elsewhere in the account they may write).
    for group, snapshot in (
        (outsiders, lambda: _snapshot(server, account_id, user_ids)),
        (insiders, lambda: _snapshot(server, account_id, user_ids, victim.hidden_ids["inboxes"])),
    ):
        before = snapshot()
        # Deletes last, so the other routes still find the victim's objects to try.
        for op in sorted(operations, key=lambda op: op.method == "DELETE"):
            for role in group:
                headers = {"api_access_token": role.token} if role.token else {}
                for account, ids, markers in _attempts(op, role, victim):
                    url = op.fill(ids, account_id=account)
                    kw: dict = {"headers": headers}
                    if op.method in WRITES:
                        kw["json"] = _body(ids, account_id)
                    else:
                        kw["params"] = _query(ids)
                    r = client.request(op.method, url, **kw)
                    tried += 1
                    shown = [m for m in markers if m in r.text]
                    on_victims_account = account == account_id and f"/{account}" in url
                    refused = r.status_code in (302, 303, 401, 403, 404, 405, 422)
                    if shown or r.status_code >= 500 or (on_victims_account and not role.same_account and not refused):
                        leaks.append(f"{role.name}: {op.method} {url} -> {r.status_code} {shown} {r.text[:160]}")
        changed = _changed(before, snapshot())
        assert changed == [], f"{[role.name for role in group]} changed the victim's rows in {changed}"
    print(f"isolation matrix: {len(operations)} routes x {len(roles)} roles, {tried} requests, {len(leaks)} leaks")
    assert leaks == [], f"{len(leaks)} of {tried}:\n" + "\n".join(leaks[:50])
    assert tried > len(operations) * len(roles)


def test_the_websocket_carries_nothing_of_another_account(server, victim, other_account):
    token = pubsub_token(other_account)
    with Cable(server.url) as cable:
        # Another account's stream, or another user's, with this user's token: refused.
        cable.subscribe(
            expect="reject_subscription",
            pubsub_token=token,
            account_id=victim.world.account_id,
            user_id=other_account.user_id,
        )
        cable.subscribe(
            expect="reject_subscription",
            pubsub_token=token,
            account_id=other_account.account_id,
            user_id=victim.world.admin.user_id,
        )
        cable.subscribe(pubsub_token=token, account_id=other_account.account_id, user_id=other_account.user_id)
        secret = f"victim-live-{uuid.uuid4().hex[:12]}"
        victim.world.admin.create_message(victim.ids["conversations"], secret)
        own = other_account.create_conversation(other_account.create_api_inbox()["id"])
        other_account.create_message(own["id"], "own news")
        seen = cable.until(is_message("own news"), timeout=20)
    assert not any(secret in json.dumps(message) for message in seen)
