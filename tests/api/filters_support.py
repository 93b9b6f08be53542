"""A small account with varied conversations and contacts, shared by the filter and search tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from chatlake.models import Contact, Conversation
from tests.support import LiveServer, TestAccount


def run(server: LiveServer, work):
    """`work(session)` in one transaction on the server's loop (state the API cannot set)."""

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            return await work(session)

    return server.call(go())


def backdate(server: LiveServer, model, row_id: int, days: int) -> None:
    """Move created_at (and last_activity_at) of a conversation or contact `days` into the past."""
    moment = datetime.now(UTC) - timedelta(days=days)

    async def work(session):
        await session.execute(
            update(model).where(model.id == row_id).values(created_at=moment, last_activity_at=moment)
        )

    run(server, work)


def set_contact(server: LiveServer, contact_id: int, **values) -> None:
    async def work(session):
        await session.execute(update(Contact).where(Contact.id == contact_id).values(**values))

    run(server, work)


def conversation_row_id(server: LiveServer, account_id: int, display_id: int) -> int:
    async def work(session):
        from sqlalchemy import select

        return await session.scalar(
            select(Conversation.id).where(Conversation.account_id == account_id, Conversation.display_id == display_id)
        )

    return run(server, work)


@dataclass
class World:
    account: TestAccount
    inbox_a: int
    inbox_b: int
    team: int
    conversations: dict[str, int] = field(default_factory=dict)  # name -> display id
    contacts: dict[str, int] = field(default_factory=dict)  # name -> contact id

    def names(self, response, kind: str = "conversations") -> set[str]:
        assert response.status_code == 200, response.text
        ids = {item["id"] for item in response.json()["payload"]}
        table = self.conversations if kind == "conversations" else self.contacts
        return {name for name, i in table.items() if i in ids}


def _conversation(
    acct: TestAccount, inbox_id: int, *, name: str, email: str | None = None, **fields
) -> tuple[int, int]:
    """A new contact with one conversation: (display id, contact id)."""
    contact_body = {"name": name, "inbox_id": inbox_id}
    if email:
        contact_body["email"] = email
    r = acct.post("/contacts", contact_body)
    assert r.status_code == 200, r.text
    contact = r.json()["payload"]
    source_id = contact["contact_inbox"]["source_id"]
    r = acct.post("/conversations", {"source_id": source_id, "inbox_id": inbox_id, **fields})
    assert r.status_code == 200, r.text
    return r.json()["id"], contact["contact"]["id"]


def build_world(acct: TestAccount) -> World:
    """c1 open/high/mine/[billing,vip]; c2 resolved/unassigned/[billing]; c3 pending/low/team, old."""
    inbox_a = acct.create_api_inbox(name="Inbox A")["id"]
    inbox_b = acct.create_api_inbox(name="Inbox B")["id"]
    r = acct.post("/teams", {"name": "Support"})
    assert r.status_code == 200, r.text
    team = r.json()["id"]
    world = World(acct, inbox_a, inbox_b, team)

    c1, alice = _conversation(
        acct,
        inbox_a,
        name="Alice Smith",
        email="alice@example.com",
        assignee_id=acct.user_id,
        additional_attributes={
            "browser_language": "en",
            "referer": "https://shop.example.com/cart",
            "mail_subject": "Refund please",
        },
    )
    acct.post(f"/conversations/{c1}/toggle_priority", {"priority": "high"})
    acct.post(f"/conversations/{c1}/labels", {"labels": ["billing", "vip"]})
    acct.post(
        f"/conversations/{c1}/custom_attributes",
        {"custom_attributes": {"plan": "Pro", "seats": 12, "renews": "2030-01-15", "trial": True}},
    )
    acct.create_message(c1, "My invoice is wrong", message_type="incoming")

    c2, bob = _conversation(
        acct,
        inbox_a,
        name="Bob Jones",
        email="bob@example.org",
        status="resolved",
        additional_attributes={"browser_language": "de", "conversation_language": "de"},
    )
    acct.post(f"/conversations/{c2}/labels", {"labels": ["billing"]})
    acct.post(
        f"/conversations/{c2}/custom_attributes",
        {"custom_attributes": {"plan": "basic", "seats": 3, "renews": "2020-06-01", "trial": False}},
    )
    acct.create_message(c2, "Thanks, solved", message_type="outgoing")

    c3, carol = _conversation(acct, inbox_b, name="Carol 100%_off", status="pending", team_id=team)
    acct.post(f"/conversations/{c3}/toggle_priority", {"priority": "low"})
    backdate(acct.server, Conversation, conversation_row_id(acct.server, acct.account_id, c3), days=10)
    world.conversations.update(c1=c1, c2=c2, c3=c3)
    world.contacts.update(alice=alice, bob=bob, carol=carol)
    set_contact(acct.server, alice, custom_attributes={"region": "emea"})
    return world


def add_contacts(world: World) -> None:
    """Contacts (besides the conversations' own): varied standard, additional and custom attributes."""
    acct = world.account
    made = {
        "dan": {
            "name": "Dan Brown",
            "email": "dan@acme.test",
            "phone_number": "+14155550100",
            "identifier": "crm-1",
            "additional_attributes": {"city": "Berlin", "country_code": "DE", "company_name": "Acme GmbH"},
            "custom_attributes": {"tier": "gold", "score": 80, "signed_up": "2023-03-01", "newsletter": True},
        },
        "eve": {
            "name": "Eve Adams",
            "email": "eve@other.test",
            "phone_number": "+442071838750",
            "additional_attributes": {"city": "London", "country_code": "GB"},
            "custom_attributes": {"tier": "silver", "score": 42.5, "newsletter": False},
        },
        "fay": {"name": "Fay"},
    }
    for name, body in made.items():
        r = acct.post("/contacts", body)
        assert r.status_code == 200, r.text
        world.contacts[name] = r.json()["payload"]["contact"]["id"]
    set_contact(acct.server, world.contacts["eve"], blocked=True)
    backdate(acct.server, Contact, world.contacts["fay"], days=30)
