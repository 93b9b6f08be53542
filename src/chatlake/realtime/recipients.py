"""Who may see an event: decided per subscriber from the stored event and access loaded at push time."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatlake.events import types
from chatlake.events.types import EVENT_TYPES
from chatlake.models.user import ROLES


@dataclass(frozen=True)
class AgentIdentity:
    account_id: int
    user_id: int


@dataclass(frozen=True)
class ContactIdentity:
    account_id: int
    contact_id: int
    contact_inbox_id: int


Identity = AgentIdentity | ContactIdentity


@dataclass
class AgentAccess:
    """An agent's rights in one account, as loaded for one batch of events (never cached longer)."""

    role: int
    inbox_ids: set[int] = field(default_factory=set)

    @property
    def is_administrator(self) -> bool:
        return self.role == ROLES["administrator"]

    def sees_inbox(self, inbox_id: int | None) -> bool:
        return self.is_administrator or (inbox_id is not None and inbox_id in self.inbox_ids)


@dataclass(frozen=True)
class StoredEvent:
    cursor: int
    name: str
    inbox_id: int | None
    payload: dict


def _audience(event: StoredEvent) -> str | None:
    model = EVENT_TYPES.get(event.name)
    return None if model is None else model.audience


def is_user_body(body: dict | None) -> bool:
    """Webhook sender/typer bodies: users carry "type": "user" (or "agent_bot"); contacts carry none."""
    return bool(body) and body.get("type") in ("user", "agent_bot")


def _conversation_body(event: StoredEvent) -> dict:
    """Conversation events are the conversation; messages and typing nest it."""
    if "conversation" in event.payload:
        return event.payload.get("conversation") or {}
    return event.payload


def _typer(event: StoredEvent) -> dict:
    return event.payload.get("user") or {}


def agent_sees(event: StoredEvent, agent: AgentIdentity, access: AgentAccess | None) -> bool:
    """Agents: events of inboxes they are members of (administrators: all); account-level events to all;
    a user's own events (notifications) to that user. `access` None means the user is no longer a member
    of the account: nothing."""
    if access is None:
        return False
    audience = _audience(event)
    if audience == types.ACCOUNT:
        return True
    if audience == types.USER:
        return EVENT_TYPES[event.name].stored_recipient(event.payload) == agent.user_id
    if audience == types.TYPING:
        typer = _typer(event)
        if is_user_body(typer) and typer.get("id") == agent.user_id:
            return False
        return access.sees_inbox(event.inbox_id)
    if audience in (types.CONVERSATION, types.INBOX_AGENTS):
        return access.sees_inbox(event.inbox_id)
    return False


def contact_sees(event: StoredEvent, contact: ContactIdentity) -> bool:
    """Contacts: only their own conversations' events; never private notes, activity or private typing."""
    audience = _audience(event)
    if audience not in (types.CONVERSATION, types.TYPING):
        return False
    conversation = _conversation_body(event)
    if (conversation.get("contact_inbox") or {}).get("id") != contact.contact_inbox_id:
        return False
    if audience == types.TYPING:
        # The contact is the typer unless a user typed; nobody is told of their own typing.
        return not event.payload.get("is_private") and is_user_body(_typer(event))
    if "message_type" in event.payload:
        return not event.payload.get("private") and event.payload.get("message_type") != "activity"
    return True


def sees(event: StoredEvent, identity: Identity, access: dict[int, AgentAccess]) -> bool:
    if isinstance(identity, ContactIdentity):
        return contact_sees(event, identity)
    return agent_sees(event, identity, access.get(identity.user_id))
