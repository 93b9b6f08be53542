"""Automation rule conditions: checked when a rule is saved, evaluated in SQL when its event happens.

They are the filter payload of `queries/filters.py` (same operators, same AND-before-OR reading, same value
checks), over one conversation, its contact and, for `message_created`, the new message. The allow-list of
keys is Chatwoot's for automations: message content and type, the conversation's standard keys, a few of
the contact's, and custom attributes.
"""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import InvalidField, Unprocessable
from chatlake.models import Contact, Conversation, Message
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODELS
from chatlake.models.message import MESSAGE_TYPES
from chatlake.queries import filters
from chatlake.queries.filters import CONTACT_KEYS, CONVERSATION_KEYS, EQ, TEXT_MATCH, Condition, Key

EVENT_NAMES = (
    "conversation_created",
    "conversation_updated",
    "conversation_opened",
    "conversation_resolved",
    "message_created",
)
MESSAGE_EVENT = "message_created"
MESSAGE_TYPE_CHOICES = {name: MESSAGE_TYPES[name] for name in ("incoming", "outgoing", "template")}
MAX_CONDITIONS = 20

MESSAGE_KEYS: dict[str, Key] = {
    "content": Key("text", (*EQ, *TEXT_MATCH), lambda: Message.content),
    "message_type": Key("message_type", EQ, lambda: Message.message_type),
}
_CONVERSATION_NAMES = (
    "status",
    "assignee_id",
    "team_id",
    "inbox_id",
    "priority",
    "labels",
    "browser_language",
    "conversation_language",
    "referer",
    "mail_subject",
)
_CONTACT_NAMES = ("email", "phone_number", "name", "country_code", "city", "company")
KEYS: dict[str, Key] = {
    **MESSAGE_KEYS,
    **{name: CONVERSATION_KEYS[name] for name in _CONVERSATION_NAMES},
    **{name: CONTACT_KEYS[name] for name in _CONTACT_NAMES},
}


def _refuse(message: str):
    raise InvalidField(message, ["conditions"])


def parse_conditions(value, event_name: str) -> list[Condition]:
    """The list's shape, its keys against the allow-list; values and operators are checked by conditions_clause."""
    if not isinstance(value, list) or not value:
        _refuse("Conditions must be a non-empty list")
    if len(value) > MAX_CONDITIONS:
        _refuse(f"At most {MAX_CONDITIONS} conditions are allowed")
    try:
        conditions = filters.parse_payload({"payload": value})
    except Unprocessable as exc:
        _refuse(exc.message)
    for c in conditions:
        if c.custom_type is None and c.key in MESSAGE_KEYS and event_name != MESSAGE_EVENT:
            _refuse(f"The condition on {c.key} applies to message_created rules only")
    return conditions


def stored_conditions(conditions: list[Condition]) -> list[dict]:
    """What is kept and shown: the checked conditions in Chatwoot's shape."""
    stored = []
    for c in conditions:
        item = {
            "attribute_key": c.key,
            "filter_operator": c.operator,
            "values": c.values,
            "query_operator": c.query_operator,
        }
        if c.custom_type is not None:
            item["custom_attribute_type"] = c.custom_type
        stored.append(item)
    return stored


def _message_type_clause(c: Condition, column):
    names = [filters.checked_text(v, c.key).lower() for v in c.values]
    if not names or any(name not in MESSAGE_TYPE_CHOICES for name in names):
        _refuse(f"message_type must be one of {', '.join(MESSAGE_TYPE_CHOICES)}")
    codes = [MESSAGE_TYPE_CHOICES[name] for name in names]
    return column.not_in(codes) if c.operator == "not_equal_to" else column.in_(codes)


def _standard(c: Condition, spec: Key):
    if spec.kind == "message_type":
        if c.operator not in spec.operators:
            _refuse(f"Invalid operator. The allowed operators for {c.key} are [{','.join(spec.operators)}].")
        return _message_type_clause(c, spec.column())
    return filters.standard_clause(c, spec)


async def conditions_clause(session: AsyncSession, account_id: int, conditions: list[Condition]):
    """The WHERE clause over Conversation, Contact and Message; a refusal is a 422 naming `conditions`."""
    try:
        definitions = await filters.custom_definitions(session, account_id, conditions, KEYS)
        clauses = []
        for c in conditions:
            if c.custom_type is None and c.key in KEYS:
                clauses.append(_standard(c, KEYS[c.key]))
                continue
            if not filters.CUSTOM_KEY_RE.fullmatch(c.key):
                shown = filters.shown_value(c.key)
                _refuse(f"Invalid attribute key - [{shown}]. The key should be one of [{','.join(KEYS)}]")
            model = c.custom_type
            if model is None:
                # Without custom_attribute_type, a key defined for conversations or for contacts.
                model = next(
                    (m for m in ATTRIBUTE_MODELS if (ATTRIBUTE_MODELS[m], c.key) in definitions),
                    None,
                )
                if model is None:
                    _refuse(
                        f"Invalid attribute key - [{filters.shown_value(c.key)}]. The key should be one of "
                        f"[{','.join(KEYS)}] or a custom attribute defined in the account."
                    )
            definition = definitions.get((ATTRIBUTE_MODELS[model], c.key))
            column = Conversation.custom_attributes if model == "conversation_attribute" else Contact.custom_attributes
            clauses.append(filters.custom_clause(c, column, definition))
        return filters.combine_conditions(clauses, conditions)
    except Unprocessable as exc:
        _refuse(exc.message)


async def conditions_hold(
    session: AsyncSession, account_id: int, conditions: list, conversation_id: int, message_id: int | None
) -> bool:
    """Whether stored conditions hold for the conversation (and the message) as they are now."""
    parsed = filters.parse_payload({"payload": conditions})
    clause = await conditions_clause(session, account_id, parsed)
    stmt = (
        select(Conversation.id)
        .outerjoin(Contact, and_(Contact.account_id == Conversation.account_id, Contact.id == Conversation.contact_id))
        .where(Conversation.account_id == account_id, Conversation.id == conversation_id, clause)
    )
    if message_id is not None:
        # Message keys exist in message_created rules only, which always carry their message.
        stmt = stmt.outerjoin(
            Message,
            and_(
                Message.account_id == Conversation.account_id,
                Message.conversation_id == Conversation.id,
                Message.id == message_id,
            ),
        )
    return await session.scalar(stmt.limit(1)) is not None
