"""What the Client (public) API shows a contact: its own data, and the messages of its own conversations
with their senders' public faces (an agent's name and avatar, never an email or an internal attribute)."""

from __future__ import annotations

from chatlake.label_storage import parse_stored_labels
from chatlake.models import AgentBot, Contact, ContactInbox, Conversation, Inbox, Message, User
from chatlake.models.contact import CONTACT_TYPES
from chatlake.models.conversation import STATUS_NAMES
from chatlake.models.message import CONTENT_TYPE_NAMES, MESSAGE_STATUS_NAMES
from chatlake.presenters.agent_bots import bot_push
from chatlake.presenters.attachments import attachment_json
from chatlake.presenters.common import iso, unix
from chatlake.presenters.contacts import contact_push
from chatlake.presenters.messages import MessageView

CONTACT_TYPE_NAMES = {v: k for k, v in CONTACT_TYPES.items()}
# Values a contact typed that belong to another contact are kept under these keys, never on the contact's own
# unique columns, and shown back to the one who typed them (so the answer does not tell whether they were taken).
CLAIMED_PREFIX = "claimed_"
# content_attributes the system keeps for agents and integrations, not for the customer.
INTERNAL_ATTRIBUTES = ("automation_rule_id", "external_error")


def _claimed(contact: Contact, field: str):
    value = getattr(contact, field)
    if value is None:
        value = (contact.additional_attributes or {}).get(CLAIMED_PREFIX + field)
    return value


def public_contact(contact: Contact, contact_inbox: ContactInbox) -> dict:
    """`public_contact`: the session and its websocket token, with the contact's own fields."""
    return {
        "id": contact.id,
        "source_id": contact_inbox.source_id,
        "pubsub_token": contact_inbox.pubsub_token,
        "name": contact.name,
        "email": _claimed(contact, "email"),
        "phone_number": _claimed(contact, "phone_number"),
        "identifier": _claimed(contact, "identifier"),
        "hmac_verified": contact_inbox.hmac_verified,
    }


def public_contact_record(contact: Contact) -> dict:
    """`public_contact_record`: the contact model as Chatwoot renders it (ISO times)."""
    return {
        "id": contact.id,
        "name": contact.name,
        "email": _claimed(contact, "email"),
        "phone_number": _claimed(contact, "phone_number"),
        "identifier": _claimed(contact, "identifier"),
        "blocked": contact.blocked,
        "additional_attributes": {
            k: v for k, v in (contact.additional_attributes or {}).items() if not k.startswith(CLAIMED_PREFIX)
        },
        "custom_attributes": contact.custom_attributes or {},
        "contact_type": CONTACT_TYPE_NAMES.get(contact.contact_type, "visitor"),
        "country_code": None,
        "last_activity_at": iso(contact.last_activity_at),
        "created_at": iso(contact.created_at),
        "updated_at": iso(contact.updated_at),
        "last_name": None,
        "middle_name": None,
        "location": None,
        "account_id": contact.account_id,
        "company_id": None,
        "label_list": parse_stored_labels(contact.cached_label_list),
        "avatar_url": contact.avatar_url or "",
    }


def _sender(sender: Contact | User | AgentBot | None) -> dict | None:
    if isinstance(sender, Contact):
        return contact_push(sender)
    if isinstance(sender, AgentBot):
        return bot_push(sender)
    if isinstance(sender, User):
        name = sender.display_name or sender.name
        return {
            "id": sender.id,
            "name": name,
            "available_name": name,
            "avatar_url": "",
            "thumbnail": "",
            "type": "user",
        }
    return None


def public_message(view: MessageView) -> dict:
    m: Message = view.message
    attributes = {k: v for k, v in (m.content_attributes or {}).items() if k not in INTERNAL_ATTRIBUTES}
    body = {
        "id": m.id,
        "content": m.content,
        "message_type": m.message_type,
        "content_type": CONTENT_TYPE_NAMES[m.content_type],
        "content_attributes": attributes,
        "status": MESSAGE_STATUS_NAMES[m.status],
        "created_at": unix(m.created_at),
        "conversation_id": view.display_id,
        "attachments": [attachment_json(a) for a in view.attachments],
    }
    if m.echo_id is not None:
        body["echo_id"] = m.echo_id
    sender = _sender(view.sender)
    if sender is not None:
        body["sender"] = sender
    return body


def public_conversation(conversation: Conversation, contact: Contact, messages: list[MessageView]) -> dict:
    return {
        "id": conversation.display_id,
        "uuid": conversation.uuid,
        "inbox_id": conversation.inbox_id,
        "status": STATUS_NAMES[conversation.status],
        "contact_last_seen_at": unix(conversation.contact_last_seen_at) or 0,
        "agent_last_seen_at": unix(conversation.agent_last_seen_at) or 0,
        "created_at": unix(conversation.created_at),
        "messages": [public_message(m) for m in messages],
        "contact": public_contact_record(contact),
    }


def public_inbox(inbox: Inbox, identifier: str, hmac_mandatory: bool, working_hours: list) -> dict:
    return {
        "identifier": identifier,
        "name": inbox.name,
        "timezone": inbox.timezone,
        "working_hours": working_hours,
        "working_hours_enabled": inbox.working_hours_enabled,
        "csat_survey_enabled": inbox.csat_survey_enabled,
        "greeting_enabled": inbox.greeting_enabled,
        "greeting_message": inbox.greeting_message,
        "out_of_office_message": inbox.out_of_office_message,
        "identity_validation_enabled": hmac_mandatory,
        "allow_messages_after_resolved": inbox.allow_messages_after_resolved,
    }
