"""The filter engine of POST …/conversations/filter and POST …/contacts/filter.

A payload is a list of conditions `{attribute_key, filter_operator, values, query_operator,
custom_attribute_type?}`. Each condition's `query_operator` joins it to the next one. Chatwoot
writes the conditions into one SQL string left to right, so `a AND b OR c AND d` means
`(a AND b) OR (c AND d)`: AND binds tighter than OR. Chatlake builds the same tree from
SQLAlchemy expressions: the list is cut at every OR and each piece is an AND group.

Nothing a client sends becomes SQL text: keys and operators are looked up in allow-lists (custom
attribute keys become bound parameters of a JSON lookup), values are checked for their type and
bound as parameters. Every refusal is `422 {"error": "..."}`, as Chatwoot's
`render_could_not_create_error`.

Choices (docs/api.md): text comparisons ignore case; negative operators (`not_equal_to`,
`does_not_contain`) also match rows where the value is missing; dates are whole UTC days.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, and_, case, cast, false, func, literal, not_, null, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, Unprocessable
from chatlake.models import Contact, Conversation, CustomAttributeDefinition
from chatlake.models.conversation import PRIORITIES, STATUSES
from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODELS, DISPLAY_TYPE_NAMES
from chatlake.presenters.conversations import ConversationView
from chatlake.queries.access import visible_inbox_ids_clause
from chatlake.queries.contacts import PAGE_SIZE as CONTACT_PAGE_SIZE
from chatlake.queries.conversations import PAGE_SIZE as CONVERSATION_PAGE_SIZE
from chatlake.queries.conversations import load_views
from chatlake.queries.json_fields import json_kind, json_text

EQ = ("equal_to", "not_equal_to")
PRESENCE = ("is_present", "is_not_present")
TEXT_MATCH = ("contains", "does_not_contain")
DATES = ("is_greater_than", "is_less_than", "days_before")
OPERATORS = (*EQ, *TEXT_MATCH, *PRESENCE, "is_greater_than", "is_less_than", "days_before", "starts_with")
NEGATIVE = ("not_equal_to", "does_not_contain")

MAX_CONDITIONS = 50
MAX_VALUES = 100
# Across all conditions: every value is one more term of an OR chain, and SQLite refuses an expression tree
# deeper than 1,000 ("Expression tree is too large"); half of that keeps both databases fast as well.
MAX_TOTAL_VALUES = 500
MAX_TEXT = 1000
MAX_DAYS = 100_000
INT32 = (-(2**31), 2**31 - 1)
MAX_NUMBER = Decimal(10) ** 30
# Printable ASCII without `"` and `\`: see queries/json_fields.py.
CUSTOM_KEY_RE = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]{1,255}")
DATE_SHAPE = "____-__-__"

# Chatwoot's custom attribute types, reduced to how they compare.
TYPE_OF_DISPLAY = {
    "text": "text",
    "link": "text",
    "list": "text",
    "number": "number",
    "currency": "number",
    "percent": "number",
    "date": "date",
    "checkbox": "boolean",
}
CUSTOM_OPERATORS = {
    "text": (*EQ, *TEXT_MATCH, "starts_with", *PRESENCE),
    "number": (*EQ, "is_greater_than", "is_less_than", *PRESENCE),
    "date": (*EQ, *DATES, *PRESENCE),
    "boolean": (*EQ, *PRESENCE),
}


@dataclass(frozen=True)
class Key:
    """A standard attribute: how its values are read and which operators it allows."""

    kind: str  # status | priority | id | display_id | labels | text | date | boolean
    operators: tuple[str, ...]
    column: Callable[[], object]
    # phone_number: Chatwoot's clients send the digits without "+".
    phone: bool = False


def _additional(model, name: str) -> Callable[[], object]:
    return lambda: json_text(model.additional_attributes, name)


def _no_campaigns():
    # There are no campaigns yet: every conversation's campaign_id is NULL.
    return cast(null(), Integer)


CONVERSATION_KEYS: dict[str, Key] = {
    "status": Key("status", EQ, lambda: Conversation.status),
    "assignee_id": Key("id", (*EQ, *PRESENCE), lambda: Conversation.assignee_id),
    "inbox_id": Key("id", (*EQ, *PRESENCE), lambda: Conversation.inbox_id),
    "team_id": Key("id", (*EQ, *PRESENCE), lambda: Conversation.team_id),
    "priority": Key("priority", EQ, lambda: Conversation.priority),
    "display_id": Key("display_id", (*EQ, *TEXT_MATCH), lambda: Conversation.display_id),
    "campaign_id": Key("id", (*EQ, *PRESENCE), _no_campaigns),
    "labels": Key("labels", (*EQ, *PRESENCE), lambda: Conversation.cached_label_list),
    "browser_language": Key("text", EQ, _additional(Conversation, "browser_language")),
    "conversation_language": Key("text", EQ, _additional(Conversation, "conversation_language")),
    "referer": Key("text", (*EQ, *TEXT_MATCH), _additional(Conversation, "referer")),
    "mail_subject": Key("text", (*EQ, *TEXT_MATCH), _additional(Conversation, "mail_subject")),
    "created_at": Key("date", DATES, lambda: Conversation.created_at),
    "last_activity_at": Key("date", DATES, lambda: Conversation.last_activity_at),
}

# Contact labels exist once contacts carry cached_label_list (",a,b,", as conversations).
CONTACT_LABELS = getattr(Contact, "cached_label_list", None)
CONTACT_KEYS: dict[str, Key] = {
    "name": Key("text", (*EQ, *TEXT_MATCH), lambda: Contact.name),
    "phone_number": Key("text", (*EQ, *TEXT_MATCH, "starts_with"), lambda: Contact.phone_number, phone=True),
    "email": Key("text", (*EQ, *TEXT_MATCH), lambda: Contact.email),
    "identifier": Key("text", EQ, lambda: Contact.identifier),
    "country_code": Key("text", EQ, _additional(Contact, "country_code")),
    "city": Key("text", (*EQ, *TEXT_MATCH), _additional(Contact, "city")),
    # Contacts keep the company in additional_attributes.company_name (Chatwoot's contact form).
    "company": Key("text", (*EQ, *TEXT_MATCH), _additional(Contact, "company_name")),
    "labels": Key("labels", (*EQ, *PRESENCE), lambda: CONTACT_LABELS),
    "created_at": Key("date", DATES, lambda: Contact.created_at),
    "last_activity_at": Key("date", DATES, lambda: Contact.last_activity_at),
    "blocked": Key("boolean", EQ, lambda: Contact.blocked),
}


@dataclass
class Condition:
    key: str
    operator: str
    values: list
    query_operator: str | None
    custom_type: str | None  # conversation_attribute | contact_attribute | None


# --- parsing -----------------------------------------------------------------------------------


def _fail(message: str):
    raise Unprocessable(message)


def _shown(value) -> str:
    """A client's value inside an error message: short, and valid UTF-8 even if it held lone surrogates."""
    text = value if isinstance(value, str) else repr(value)
    return text[:100].encode("utf-8", "backslashreplace").decode("utf-8")


def _invalid_key(key, keys: dict[str, Key]):
    _fail(
        f"Invalid attribute key - [{_shown(key)}]. The key should be one of [{','.join(keys)}] "
        "or a custom attribute defined in the account."
    )


def _invalid_value(key: str):
    _fail(f"Invalid value. The values provided for {_shown(key)} are invalid")


def parse_payload(body) -> list[Condition]:
    """The shape of the payload only; keys, operators and values are checked by build_clause."""
    payload = body.get("payload") if isinstance(body, dict) else None
    if not isinstance(payload, list):
        _fail('The body must be {"payload": [conditions]}')
    if len(payload) > MAX_CONDITIONS:
        _fail(f"At most {MAX_CONDITIONS} conditions are allowed")
    conditions = []
    total_values = 0
    for index, item in enumerate(payload):
        if not isinstance(item, dict):
            _fail("Each condition must be an object with attribute_key, filter_operator and values")
        key, operator = item.get("attribute_key"), item.get("filter_operator")
        if not isinstance(key, str) or not key:
            _fail("attribute_key is required in each condition")
        if operator not in OPERATORS:
            _fail(f"Invalid operator [{_shown(operator)}]. The operator should be one of [{','.join(OPERATORS)}].")
        query_operator = item.get("query_operator")
        last = index == len(payload) - 1
        if isinstance(query_operator, str) and query_operator.lower() in ("and", "or"):
            query_operator = query_operator.lower()
        elif last and query_operator in (None, ""):
            query_operator = None
        else:
            _fail('Query operator must be either "AND" or "OR"')
        custom_type = item.get("custom_attribute_type")
        if custom_type is None or custom_type == "":
            custom_type = None
        elif not isinstance(custom_type, str) or custom_type not in ATTRIBUTE_MODELS:
            _fail("custom_attribute_type must be conversation_attribute or contact_attribute")
        values = item.get("values")
        if values is None:
            values = []
        elif not isinstance(values, list):
            values = [values]
        if len(values) > MAX_VALUES:
            _invalid_value(key)
        total_values += len(values)
        if total_values > MAX_TOTAL_VALUES:
            _fail(f"At most {MAX_TOTAL_VALUES} values are allowed across all conditions")
        conditions.append(Condition(key, operator, values, None if last else query_operator, custom_type))
    return conditions


# --- values ------------------------------------------------------------------------------------


def _text(value, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        _invalid_value(key)
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_TEXT or "\x00" in text:
        _invalid_value(key)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        _invalid_value(key)
    return text


def _texts(c: Condition) -> list[str]:
    texts = [_text(v, c.key) for v in c.values]
    if not texts:
        _invalid_value(c.key)
    return texts


def _int(value, key: str, low: int = INT32[0]) -> int:
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,12}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= INT32[1]:
        _invalid_value(key)
    return value


def _ints(c: Condition) -> list[int]:
    ints = [_int(v, c.key) for v in c.values]
    if not ints:
        _invalid_value(c.key)
    return ints


def _number(value, key: str) -> Decimal:
    if isinstance(value, str):
        if len(value) > 100:
            _invalid_value(key)
        try:
            value = Decimal(value.strip())
        except ArithmeticError:
            _invalid_value(key)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        _invalid_value(key)
    if isinstance(value, float) and not math.isfinite(value):
        _invalid_value(key)
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or abs(number) > MAX_NUMBER:
        _invalid_value(key)
    return number


def _date(value, key: str) -> date:
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) <= 10:
                return date.fromisoformat(text)
            moment = datetime.fromisoformat(text)
            return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()
        except (ValueError, OverflowError):
            pass
    _invalid_value(key)


def _first(c: Condition):
    if not c.values:
        _invalid_value(c.key)
    return c.values[0]


def _days_ago(c: Condition) -> date:
    days = _int(_first(c), c.key, low=0)
    if days > MAX_DAYS:
        _invalid_value(c.key)
    return datetime.now(UTC).date() - timedelta(days=days)


def _boolean(value, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    _invalid_value(key)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- expressions -------------------------------------------------------------------------------


def _negatable(c: Condition, column, positive):
    """Negative operators also match rows whose value is missing (NULL)."""
    if c.operator in NEGATIVE:
        return or_(column.is_(None), not_(positive))
    return positive


def _text_clause(c: Condition, column, *, phone: bool = False):
    if c.operator == "is_present":
        return and_(column.is_not(None), column != "")
    if c.operator == "is_not_present":
        return or_(column.is_(None), column == "")
    texts = _texts(c)
    if phone and c.operator in (*EQ, "starts_with"):
        texts = [f"+{t}" if t.isascii() and t.isdigit() else t for t in texts]
    if c.operator in EQ:
        positive = or_(*(func.lower(column) == func.lower(literal(t, String())) for t in texts))
    elif c.operator in TEXT_MATCH:
        positive = or_(*(column.ilike(f"%{_escape_like(t)}%", escape="\\") for t in texts))
    else:  # starts_with
        positive = or_(*(column.ilike(f"{_escape_like(t)}%", escape="\\") for t in texts))
    return _negatable(c, column, positive)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _date_clause(c: Condition, column):
    """Whole UTC days, as Chatwoot's `created_at::date > 'YYYY-MM-DD'::date`."""
    if c.operator == "days_before":
        return column < _day_start(_days_ago(c))
    day = _date(_first(c), c.key)
    if c.operator == "is_less_than":
        return column < _day_start(day)
    if day == date.max:
        return false()
    return column >= _day_start(day + timedelta(days=1))


def _labels_clause(c: Condition, column):
    column = func.coalesce(column, "")
    if c.operator == "is_present":
        return column != ""
    if c.operator == "is_not_present":
        return column == ""
    labels = []
    for text in _texts(c):
        label = text.strip().lower()
        if not label or "," in label:
            _invalid_value(c.key)
        labels.append(label)
    # ",a,b," holds whole labels between commas, so one LIKE finds one label.
    positive = or_(*(column.like(f"%,{_escape_like(label)},%", escape="\\") for label in labels))
    return not_(positive) if c.operator == "not_equal_to" else positive


def _standard_clause(c: Condition, spec: Key):
    column = spec.column()
    if c.operator not in spec.operators:
        _fail(f"Invalid operator. The allowed operators for {c.key} are [{','.join(spec.operators)}].")
    if spec.kind == "text":
        return _text_clause(c, column, phone=spec.phone)
    if spec.kind == "date":
        return _date_clause(c, column)
    if spec.kind == "labels":
        return _labels_clause(c, column)
    if c.operator == "is_present":
        return column.is_not(None)
    if c.operator == "is_not_present":
        return column.is_(None)
    if spec.kind == "status":
        names = _texts(c)
        if any(name not in STATUSES and name != "all" for name in names):
            _invalid_value(c.key)
        codes = list(STATUSES.values()) if "all" in names else [STATUSES[n] for n in names]
        return column.not_in(codes) if c.operator == "not_equal_to" else column.in_(codes)
    if spec.kind == "priority":
        names = [n.lower() for n in _texts(c)]
        if any(name not in PRIORITIES for name in names):
            _invalid_value(c.key)
        return _negatable(c, column, column.in_([PRIORITIES[n] for n in names]))
    if spec.kind == "boolean":
        flags = {_boolean(v, c.key) for v in c.values}
        if not flags:
            _invalid_value(c.key)
        return _negatable(c, column, column.in_(sorted(flags)))
    if spec.kind == "display_id" and c.operator in TEXT_MATCH:
        digits = [str(_int(v, c.key, low=0)) for v in c.values]
        if not digits:
            _invalid_value(c.key)
        positive = or_(*(cast(column, String).like(f"%{d}%") for d in digits))
        return _negatable(c, column, positive)
    return _negatable(c, column, column.in_(_ints(c)))


def _custom_type(c: Condition, definition: CustomAttributeDefinition | None) -> str:
    if definition is not None:
        return TYPE_OF_DISPLAY[DISPLAY_TYPE_NAMES.get(definition.attribute_display_type, "text")]
    # No definition: compare as the values look.
    first = c.values[0] if c.values else None
    if c.operator == "days_before":
        return "date"
    if isinstance(first, bool):
        return "boolean"
    if isinstance(first, int | float):
        return "number"
    if c.operator in ("is_greater_than", "is_less_than") and isinstance(first, str):
        try:
            _date(first, c.key)
            return "date"
        except Unprocessable:
            return "number"
    return "text"


def _custom_clause(c: Condition, column, definition: CustomAttributeDefinition | None):
    """A condition on one key of a custom_attributes JSON column."""
    kind = json_kind(column, c.key)
    raw = json_text(column, c.key)
    if c.operator == "is_present":
        return or_(kind.in_(("number", "true", "false", "object", "array")), and_(kind == "string", raw != ""))
    if c.operator == "is_not_present":
        return or_(kind.is_(None), kind == "null", and_(kind == "string", raw == ""))
    compare_as = _custom_type(c, definition)
    if c.operator not in CUSTOM_OPERATORS[compare_as]:
        allowed = ",".join(CUSTOM_OPERATORS[compare_as])
        _fail(f"Invalid operator. The allowed operators for {_shown(c.key)} are [{allowed}].")
    if compare_as == "text":
        value = case((kind.in_(("string", "number")), raw), (kind.in_(("true", "false")), kind), else_=None)
        return _text_clause(c, value)
    if compare_as == "boolean":
        value = case((kind.in_(("true", "false")), kind), else_=None)
        flags = {"true" if _boolean(v, c.key) else "false" for v in c.values}
        if not flags:
            _invalid_value(c.key)
        return _negatable(c, value, value.in_(sorted(flags)))
    if compare_as == "number":
        value = case((kind == "number", cast(raw, Numeric)), else_=None)
        if c.operator in EQ:
            numbers = [_number(v, c.key) for v in c.values]
            if not numbers:
                _invalid_value(c.key)
            return _negatable(c, value, or_(*(value == literal(n, Numeric()) for n in numbers)))
        number = literal(_number(_first(c), c.key), Numeric())
        return value > number if c.operator == "is_greater_than" else value < number
    # Dates: the leading YYYY-MM-DD of a string, compared as text (ISO dates sort as text).
    day_text = func.substr(raw, 1, 10)
    value = case((and_(kind == "string", day_text.like(DATE_SHAPE)), day_text), else_=None)
    if c.operator in EQ:
        days = [_date(v, c.key).isoformat() for v in c.values]
        if not days:
            _invalid_value(c.key)
        return _negatable(c, value, value.in_(days))
    day = _days_ago(c) if c.operator == "days_before" else _date(_first(c), c.key)
    operator = "is_greater_than" if c.operator == "is_greater_than" else "is_less_than"
    return value > day.isoformat() if operator == "is_greater_than" else value < day.isoformat()


def _combine(clauses: list, conditions: list[Condition]):
    """SQL precedence over the left-to-right chain: cut at every OR, AND inside each piece."""
    if not clauses:
        return true()
    groups: list[list] = [[]]
    for clause, condition in zip(clauses, conditions, strict=True):
        groups[-1].append(clause)
        if condition.query_operator == "or":
            groups.append([])
    return or_(*(and_(*group) for group in groups if group))


# --- entry points ------------------------------------------------------------------------------


async def _definitions(
    session: AsyncSession, account_id: int, conditions: list[Condition], standard: dict[str, Key]
) -> dict[tuple[int, str], CustomAttributeDefinition]:
    keys = {c.key for c in conditions if c.custom_type is not None or c.key not in standard}
    keys = {k for k in keys if CUSTOM_KEY_RE.fullmatch(k)}
    if not keys:
        return {}
    rows = await session.scalars(
        select(CustomAttributeDefinition).where(
            CustomAttributeDefinition.account_id == account_id, CustomAttributeDefinition.attribute_key.in_(keys)
        )
    )
    return {(d.attribute_model, d.attribute_key): d for d in rows}


async def build_clause(session: AsyncSession, actor: Actor, conditions: list[Condition], *, entity: str) -> object:
    """The WHERE clause of the conditions for "conversation" or "contact" rows (account scoping is the caller's)."""
    standard = CONVERSATION_KEYS if entity == "conversation" else CONTACT_KEYS
    own_model = f"{entity}_attribute"
    definitions = await _definitions(session, actor.account_id, conditions, standard)
    clauses = []
    for c in conditions:
        if c.custom_type is None and c.key in standard:
            if standard is CONTACT_KEYS and c.key == "labels" and CONTACT_LABELS is None:
                _fail("labels filtering is not available")
            clauses.append(_standard_clause(c, standard[c.key]))
            continue
        model = c.custom_type or own_model
        if not CUSTOM_KEY_RE.fullmatch(c.key):
            _invalid_key(c.key, standard)
        definition = definitions.get((ATTRIBUTE_MODELS[model], c.key))
        if c.custom_type is None and definition is None:
            # Without custom_attribute_type, only a defined attribute is recognised (as Chatwoot).
            _invalid_key(c.key, standard)
        if model == own_model:
            column = Conversation.custom_attributes if entity == "conversation" else Contact.custom_attributes
            clauses.append(_custom_clause(c, column, definition))
        elif entity == "conversation":
            # A contact attribute of the conversation's contact.
            on_contact = _custom_clause(c, Contact.custom_attributes, definition)
            clauses.append(
                Conversation.contact_id.in_(
                    select(Contact.id).where(Contact.account_id == actor.account_id, on_contact)
                )
            )
        else:
            _fail("Contacts can be filtered by contact attributes only")
    return _combine(clauses, conditions)


def check_page(page: int) -> int:
    if not 1 <= page <= INT32[1]:
        raise InvalidField("page must be 1 or more", ["page"])
    return page


async def conversation_counts(session: AsyncSession, actor: Actor, where) -> dict:
    """mine/unassigned/all of the filtered conversations in one query (the filter and search envelopes)."""
    total, mine, unassigned = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((Conversation.assignee_id == actor.user.id, 1), else_=0)), 0),
                func.coalesce(func.sum(case((Conversation.assignee_id.is_(None), 1), else_=0)), 0),
            ).where(where)
        )
    ).one()
    return {"mine_count": int(mine), "unassigned_count": int(unassigned), "all_count": int(total)}


def visible_conversations(actor: Actor, *conditions):
    """Conversations of the caller's account that the caller may see, and the given conditions."""
    where = [Conversation.account_id == actor.account_id, *conditions]
    if not actor.is_administrator:
        where.append(Conversation.inbox_id.in_(visible_inbox_ids_clause(actor)))
    return and_(*where)


async def conversations_page(
    session: AsyncSession, actor: Actor, where, page: int
) -> tuple[list[ConversationView], dict]:
    """One page (25, newest activity first) and the counts: a fixed number of queries per page."""
    conversations = list(
        await session.scalars(
            select(Conversation)
            .where(where)
            .order_by(Conversation.last_activity_at.desc(), Conversation.id.desc())
            .limit(CONVERSATION_PAGE_SIZE)
            .offset((page - 1) * CONVERSATION_PAGE_SIZE)
        )
    )
    meta = await conversation_counts(session, actor, where)
    return await load_views(session, actor.account_id, conversations), meta


async def filter_conversations(
    session: AsyncSession, actor: Actor, body, page: int
) -> tuple[list[ConversationView], dict]:
    check_page(page)
    clause = await build_clause(session, actor, parse_payload(body), entity="conversation")
    return await conversations_page(session, actor, visible_conversations(actor, clause), page)


async def filter_contacts(session: AsyncSession, actor: Actor, body, page: int) -> tuple[list[Contact], int]:
    """Contacts are account-wide, as in the contact list: agents see every contact of the account."""
    check_page(page)
    clause = await build_clause(session, actor, parse_payload(body), entity="contact")
    where = and_(Contact.account_id == actor.account_id, clause)
    contacts = list(
        await session.scalars(
            select(Contact)
            .where(where)
            .order_by(Contact.last_activity_at.desc().nulls_last(), Contact.id.desc())
            .limit(CONTACT_PAGE_SIZE)
            .offset((page - 1) * CONTACT_PAGE_SIZE)
        )
    )
    count = await session.scalar(select(func.count()).select_from(Contact).where(where))
    return contacts, int(count or 0)


# The building blocks that automation rule conditions reuse (queries/automation_conditions.py), so both
# read a condition the same way.
standard_clause = _standard_clause
custom_clause = _custom_clause
combine_conditions = _combine
custom_definitions = _definitions
checked_text = _text
shown_value = _shown
