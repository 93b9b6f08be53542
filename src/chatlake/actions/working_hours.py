"""Working hours of an inbox (Chatwoot's fields) and the messages they cause: the out-of-office reply to an
incoming message outside them, and the greeting on a contact's first message.

The week is seven rows `{day_of_week (0 = Sunday), closed_all_day, open_all_day, open_hour, open_minutes,
close_hour, close_minutes}` kept on the inbox row. Times are read in the inbox's time zone (IANA name) at the
moment the message was sent, so a message imported with its own time is judged by that time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.system_actor import system_actor
from chatlake.errors import InvalidField
from chatlake.models import Account, Conversation, Event, Inbox, Message
from chatlake.models.base import utcnow
from chatlake.models.message import MESSAGE_TYPES
from chatlake.working_week import DAYS, FIELDS, day_row, is_open, local_moment, week_of


def check_timezone(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidField("timezone must be a time zone name such as Europe/Paris", ["timezone"])
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidField(f"Unknown time zone {value.strip()[:60]}", ["timezone"]) from None
    return value.strip()


def _number(row: dict, field: str, high: int) -> int | None:
    value = row.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise InvalidField(f"working_hours: {field} must be a number from 0 to {high}", ["working_hours"])
    return value


def _flag(row: dict, field: str, current: bool) -> bool:
    value = row.get(field, current)
    if not isinstance(value, bool):
        raise InvalidField(f"working_hours: {field} must be true or false", ["working_hours"])
    return value


def check_working_hours(value, current: list[dict]) -> list[dict]:
    """Rows name their day; days not sent keep their hours (Chatwoot updates day by day)."""
    if not isinstance(value, list):
        raise InvalidField("working_hours must be a list of days", ["working_hours"])
    week = {row["day_of_week"]: dict(row) for row in current}
    for row in value:
        if not isinstance(row, dict) or set(row) - set(FIELDS):
            raise InvalidField(f"working_hours: each day is an object of {', '.join(FIELDS)}", ["working_hours"])
        day = row.get("day_of_week")
        if isinstance(day, bool) or day not in DAYS:
            raise InvalidField("working_hours: day_of_week must be 0 (Sunday) to 6", ["working_hours"])
        merged = {**week[day], **row}
        if "closed_all_day" not in row and (row.get("open_all_day") is True or row.get("open_hour") is not None):
            merged["closed_all_day"] = False  # giving a day hours opens it
        if "open_all_day" not in row and row.get("open_hour") is not None:
            merged["open_all_day"] = False
        closed = _flag(merged, "closed_all_day", False)
        all_day = _flag(merged, "open_all_day", False)
        if closed and all_day:
            raise InvalidField("working_hours: a day cannot be closed and open all day", ["working_hours"])
        if closed:
            week[day] = day_row(day, None)
            continue
        if all_day:
            week[day] = {**day_row(day, (0, 23)), "open_all_day": True, "close_minutes": 59}
            continue
        opens = (_number(merged, "open_hour", 23), _number(merged, "open_minutes", 59) or 0)
        closes = (_number(merged, "close_hour", 23), _number(merged, "close_minutes", 59) or 0)
        if opens[0] is None or closes[0] is None:
            raise InvalidField("working_hours: an open day needs open_hour and close_hour", ["working_hours"])
        if closes <= opens:
            raise InvalidField("working_hours: closing time must be after opening time", ["working_hours"])
        week[day] = {
            "day_of_week": day,
            "closed_all_day": False,
            "open_all_day": False,
            "open_hour": opens[0],
            "open_minutes": opens[1],
            "close_hour": closes[0],
            "close_minutes": closes[1],
        }
    return [week[day] for day in DAYS]


def sent_at(event: Event) -> datetime:
    created = (event.payload or {}).get("created_at")
    if isinstance(created, int | float):
        return datetime.fromtimestamp(created, UTC)
    return utcnow()


async def _count(session: AsyncSession, event: Event, *conditions) -> int:
    return await session.scalar(
        select(func.count())
        .select_from(Message)
        .where(Message.account_id == event.account_id, Message.conversation_id == event.conversation_id, *conditions)
    )


async def _send_template(session: AsyncSession, event: Event, content: str) -> None:
    # Imported here: the messages action is below this module's callers, and a top-level import would cycle.
    from chatlake.actions.messages import do_create_message

    account = await session.get(Account, event.account_id)
    conversation = await session.get(Conversation, event.conversation_id)
    if account is None or conversation is None or conversation.account_id != event.account_id:
        return
    await do_create_message(session, system_actor(account), conversation, content=content, message_type="template")


def wants_greeting(inbox: Inbox) -> bool:
    return inbox.greeting_enabled and bool((inbox.greeting_message or "").strip())


def wants_out_of_office(inbox: Inbox, moment: datetime) -> bool:
    """Decided from the inbox row alone: no statement for an inbox that is open or has no message to send."""
    if not inbox.working_hours_enabled or not (inbox.out_of_office_message or "").strip():
        return False
    return not is_open(week_of(inbox), inbox.timezone, moment)


async def react_to_incoming(session: AsyncSession, inbox: Inbox, event: Event) -> None:
    """The greeting on a contact's first message, the out-of-office reply outside working hours (once a day)."""
    moment = sent_at(event)
    if wants_greeting(inbox):
        incoming = await _count(session, event, Message.message_type == MESSAGE_TYPES["incoming"])
        replies = await _count(session, event, Message.message_type == MESSAGE_TYPES["outgoing"])
        if incoming == 1 and replies == 0:
            await _send_template(session, event, inbox.greeting_message)
    if not wants_out_of_office(inbox, moment):
        return
    local = local_moment(inbox.timezone, moment)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    already = await _count(
        session,
        event,
        Message.message_type == MESSAGE_TYPES["template"],
        Message.created_at >= day_start.astimezone(UTC),
        Message.created_at < (day_start + timedelta(days=1)).astimezone(UTC),
        Message.content == inbox.out_of_office_message,
    )
    if not already:
        await _send_template(session, event, inbox.out_of_office_message)


def apply_inbox_settings(inbox: Inbox, fields: dict) -> None:
    """The inbox update's working-hours and assignment fields (called by do_update_inbox before it flushes)."""
    if "timezone" in fields:
        inbox.timezone = check_timezone(fields["timezone"])
    if "working_hours" in fields:
        inbox.working_hours = check_working_hours(fields["working_hours"], week_of(inbox))
    if "auto_assignment_config" in fields:
        inbox.auto_assignment_config = check_auto_assignment_config(fields["auto_assignment_config"])


def check_auto_assignment_config(value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict) or set(value) - {"max_assignment_limit"}:
        raise InvalidField("auto_assignment_config takes max_assignment_limit only", ["auto_assignment_config"])
    limit = value.get("max_assignment_limit")
    if limit in (None, ""):
        return {}
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10_000:
        raise InvalidField(
            "auto_assignment_config.max_assignment_limit must be a number from 1 to 10000",
            ["auto_assignment_config"],
        )
    return {"max_assignment_limit": limit}
