"""The outbox: an event and the deliveries it causes are rows in the change's own transaction.

An action records its events while it works (`record_event`); they are written just before the
transaction commits (`write_pending_events`, run by the session's before-commit hook), all of them
together: the account's event cursors are taken once for the whole batch, and the rows are inserted in
as few statements as the database allows. Taking the cursor last matters on PostgreSQL: the account row
it locks is held only for that final statement and the commit, not for the whole request, so writes of
one busy account overlap instead of queueing behind each other. Events recorded inside a savepoint that
rolls back are dropped with it (`savepoint`).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, literal, select, text, union_all, update
from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from chatlake.cache.tracking import CHANGED, CONFIG_CACHE
from chatlake.events.catalogue import (
    AGENT_BOT_EVENTS,
    AGENT_BOT_STATUS_EVENTS,
    API_INBOX_EVENTS,
    CONVERSATION_STATUS_CHANGED,
    EPHEMERAL_EVENTS,
    WEBHOOK_SUBSCRIPTIONS,
)
from chatlake.events.types import DomainEvent, event_type
from chatlake.models import Account, AgentBot, AgentBotInbox, ChannelApi, Event, Webhook, WebhookDelivery
from chatlake.models.agent_bot import BOT_INBOX_STATUSES
from chatlake.models.base import utcnow
from chatlake.models.outbox import DELIVERY_PENDING

EVENTS_RECORDED = "chatlake.events_recorded"
# The events of this transaction, in order: automation rules run on them before commit.
RECORDED_EVENTS = "chatlake.recorded_events"
# Recorded, not yet written: written by the before-commit hook.
PENDING_EVENTS = "chatlake.pending_events"
EPHEMERAL_WINDOW = timedelta(seconds=60)

EVENTS = Event.__table__
DELIVERIES = WebhookDelivery.__table__
ACCOUNTS = Account.__table__


@dataclass
class PlannedDelivery:
    kind: str
    target_id: int
    url: str


@dataclass
class PendingEvent:
    """An event as recorded; `id` and `cursor` are known once it is written at commit."""

    account_id: int
    name: str
    payload: dict
    inbox_id: int | None
    conversation_id: int | None
    expires_at: datetime | None
    deliveries: list[PlannedDelivery] = field(default_factory=list)
    created_at: datetime = field(default_factory=utcnow)
    id: int | None = None
    cursor: int | None = None

    def deliver_to(self, kind: str, target_id: int, url: str) -> None:
        self.deliveries.append(PlannedDelivery(kind, target_id, url))


@dataclass
class WebhookTargets:
    """An account's enabled webhooks and its inboxes' active bots, as kept in the configuration cache.
    `bots` are the bots that receive events (with an enabled outgoing URL); `bot_inboxes` every inbox with
    an active bot, which makes its new conversations start pending."""

    webhooks: list[tuple[int, str, list]]
    bots: dict[int, tuple[int, str]]
    bot_inboxes: set[int] = field(default_factory=set)


async def record_event(
    session: AsyncSession,
    event: DomainEvent | None = None,
    *,
    account_id: int,
    name: str | None = None,
    payload: dict | None = None,
    inbox_id: int | None = None,
    conversation_id: int | None = None,
    api_channel: ChannelApi | None = None,
) -> PendingEvent:
    """Record an event and plan its webhook deliveries; the stored payload is the event's webhook body.

    Pass the typed event (events/types.py). The older `name=`/`payload=` form (the webhook body
    without `event`) is still accepted: a catalogued name is validated through its model all the same.
    """
    if event is None:
        if name is None:
            raise TypeError("record_event needs an event")
        model = event_type(name)
        event = model.model_validate(payload or {}) if model is not None else None
    if event is not None:
        name = event.event_name
        body = event.webhook()
        ephemeral, to_api_inbox = event.ephemeral, event.api_inbox
    else:
        # A name the catalogue does not type (yet): stored as given.
        body = {**(payload or {}), "event": name}
        ephemeral, to_api_inbox = name in EPHEMERAL_EVENTS, name in API_INBOX_EVENTS
    now = utcnow()
    pending = PendingEvent(
        account_id=account_id,
        name=name,
        payload=body,
        inbox_id=inbox_id,
        conversation_id=conversation_id,
        expires_at=now + EPHEMERAL_WINDOW if ephemeral else None,
        created_at=now,
    )
    if to_api_inbox and api_channel is not None and api_channel.webhook_url and api_channel.webhook_disabled_at is None:
        pending.deliver_to("api_inbox", api_channel.id, api_channel.webhook_url)
    to_inbox_bot = inbox_id is not None and _bot_receives(name, body)
    # Events neither an account webhook nor a bot can receive (dashboard-only ones) need no targets.
    if name in WEBHOOK_SUBSCRIPTIONS or to_inbox_bot:
        targets = await webhook_targets(session, account_id)
        for target_id, url, subscriptions in targets.webhooks:
            if name in (subscriptions or []):
                pending.deliver_to("webhook", target_id, url)
        bot = targets.bots.get(inbox_id) if to_inbox_bot else None
        if bot is not None:
            pending.deliver_to("agent_bot", *bot)
    session.info.setdefault(PENDING_EVENTS, []).append(pending)
    # Read by the request/job edge after commit, to wake the dispatcher.
    session.info[EVENTS_RECORDED] = True
    session.info.setdefault(RECORDED_EVENTS, []).append(pending)
    return pending


@asynccontextmanager
async def savepoint(session: AsyncSession) -> AsyncIterator[None]:
    """A savepoint whose rollback also forgets the events recorded inside it."""
    pending = session.info.setdefault(PENDING_EVENTS, [])
    recorded = session.info.setdefault(RECORDED_EVENTS, [])
    marks = (len(pending), len(recorded))
    try:
        async with session.begin_nested():
            yield
    except BaseException:
        del pending[marks[0] :]
        del recorded[marks[1] :]
        raise


async def webhook_targets(session: AsyncSession, account_id: int) -> WebhookTargets:
    """One statement per account until its configuration changes (cache/store.py)."""
    cache = session.info.get(CONFIG_CACHE)
    targets = cache.webhook_targets.get(account_id) if cache is not None else None
    if targets is not None:
        return targets
    webhooks = select(literal("webhook"), Webhook.id, Webhook.url, Webhook.subscriptions, literal(0)).where(
        Webhook.account_id == account_id, Webhook.disabled_at.is_(None), Webhook.webhook_type == 0
    )
    bots = (
        select(literal("agent_bot"), AgentBot.id, AgentBot.outgoing_url, literal(None), AgentBotInbox.inbox_id)
        .join(AgentBotInbox, AgentBotInbox.agent_bot_id == AgentBot.id)
        .where(
            AgentBotInbox.account_id == account_id,
            AgentBotInbox.status == BOT_INBOX_STATUSES["active"],
            AgentBot.outgoing_url.is_not(None),
            AgentBot.outgoing_disabled_at.is_(None),
        )
    )
    bot_inboxes = select(
        literal("bot_inbox"), AgentBotInbox.agent_bot_id, literal(None), literal(None), AgentBotInbox.inbox_id
    ).where(AgentBotInbox.account_id == account_id, AgentBotInbox.status == BOT_INBOX_STATUSES["active"])
    targets = WebhookTargets(webhooks=[], bots={})
    rows = await session.execute(union_all(webhooks, bots, bot_inboxes))
    for kind, target_id, url, subscriptions, inbox_id in rows:
        if kind == "webhook":
            targets.webhooks.append((target_id, url, _json_list(subscriptions)))
        elif kind == "agent_bot":
            targets.bots[inbox_id] = (target_id, url)
        else:
            targets.bot_inboxes.add(inbox_id)
    # Not from a transaction that changes configuration itself: it might still roll back.
    if cache is not None and not session.info.get(CHANGED):
        cache.webhook_targets[account_id] = targets
    return targets


def _json_list(value) -> list:
    if isinstance(value, str):
        import orjson

        return orjson.loads(value)
    return list(value or [])


def _bot_receives(name: str, payload: dict) -> bool:
    if name not in AGENT_BOT_EVENTS:
        return False
    if name == CONVERSATION_STATUS_CHANGED:
        return payload.get("status") in AGENT_BOT_STATUS_EVENTS
    return payload.get("message_type") != "activity"


# -- writing at commit --------------------------------------------------------------------------------


@sa_event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    write_pending_events(session)


def write_pending_events(session: Session) -> None:
    """Insert the recorded events and their deliveries (synchronous: runs in the committing greenlet)."""
    pending: list[PendingEvent] = session.info.pop(PENDING_EVENTS, None) or []
    if not pending:
        return
    connection = session.connection()
    by_account: dict[int, list[PendingEvent]] = {}
    for item in pending:
        by_account.setdefault(item.account_id, []).append(item)
    for account_id, events in by_account.items():
        if connection.dialect.name == "postgresql" and len(events) == 1 and len(events[0].deliveries) <= 1:
            _write_one_postgresql(connection, account_id, events[0])
        else:
            _write_batch(connection, account_id, events)


# Built once: constructing a statement costs more than running it.
_TAKE_CURSORS = (
    update(ACCOUNTS)
    .where(ACCOUNTS.c.id == bindparam("account"))
    .values(event_seq=ACCOUNTS.c.event_seq + bindparam("count"))
    .returning(ACCOUNTS.c.event_seq)
)
_INSERT_EVENTS = insert(EVENTS).returning(EVENTS.c.id, EVENTS.c.cursor, sort_by_parameter_order=True)
_INSERT_DELIVERIES = insert(DELIVERIES)


def _write_batch(connection, account_id: int, events: list[PendingEvent]) -> None:
    """Three statements for any number of events: cursors, events, deliveries."""
    last = connection.execute(_TAKE_CURSORS, {"account": account_id, "count": len(events)}).scalar_one()
    for offset, item in enumerate(events):
        item.cursor = last - len(events) + 1 + offset
    rows = connection.execute(
        _INSERT_EVENTS,
        [
            {
                "account_id": account_id,
                "cursor": item.cursor,
                "name": item.name,
                "inbox_id": item.inbox_id,
                "conversation_id": item.conversation_id,
                "payload": item.payload,
                "created_at": item.created_at,
            }
            for item in events
        ],
    ).all()
    ids = {cursor: event_id for event_id, cursor in rows}
    deliveries = []
    for item in events:
        item.id = ids[item.cursor]
        deliveries.extend(_delivery_row(item, planned) for planned in item.deliveries)
    if deliveries:
        connection.execute(_INSERT_DELIVERIES, deliveries)


def _delivery_row(item: PendingEvent, planned: PlannedDelivery) -> dict:
    return {
        "account_id": item.account_id,
        "event_id": item.id,
        "delivery_uuid": str(uuid.uuid4()),
        "target_kind": planned.kind,
        "target_id": planned.target_id,
        "url": planned.url,
        "ordering_key": f"{planned.kind}:{planned.target_id}:{item.conversation_id or 0}",
        "status": DELIVERY_PENDING,
        "attempts": 0,
        "next_attempt_at": item.created_at,
        "created_at": item.created_at,
        "expires_at": item.expires_at,
    }


# PostgreSQL: the cursor, the event and its delivery in one statement (one round trip, the account row
# locked from here to the commit only).
_ONE_EVENT_PG = """
WITH next_position AS (
    UPDATE accounts SET event_seq = event_seq + 1 WHERE id = :account_id RETURNING event_seq
), written AS (
    INSERT INTO events (account_id, cursor, name, inbox_id, conversation_id, payload, created_at)
    SELECT :account_id, next_position.event_seq, :name, :inbox_id, :conversation_id, CAST(:payload AS JSONB),
        :created_at
    FROM next_position
    RETURNING id, cursor
)
"""
_AND_NO_DELIVERY_PG = "SELECT id, cursor FROM written"
_AND_ONE_DELIVERY_PG = """, delivery AS (
    INSERT INTO webhook_deliveries (account_id, event_id, delivery_uuid, target_kind, target_id, url,
        ordering_key, status, attempts, next_attempt_at, created_at, expires_at)
    SELECT :account_id, written.id, :delivery_uuid, :target_kind, :target_id, :url, :ordering_key, :status, 0,
        :created_at, :created_at, :expires_at
    FROM written
)
SELECT id, cursor FROM written"""


_PG_STATEMENTS = {
    False: text(_ONE_EVENT_PG + _AND_NO_DELIVERY_PG),
    True: text(_ONE_EVENT_PG + _AND_ONE_DELIVERY_PG),
}


def _write_one_postgresql(connection, account_id: int, item: PendingEvent) -> None:
    import orjson

    params = {
        "account_id": account_id,
        "name": item.name,
        "inbox_id": item.inbox_id,
        "conversation_id": item.conversation_id,
        "payload": orjson.dumps(item.payload).decode(),
        "created_at": item.created_at,
    }
    if item.deliveries:
        row = _delivery_row(item, item.deliveries[0])
        params.update(
            {key: row[key] for key in ("delivery_uuid", "target_kind", "target_id", "url", "ordering_key", "status")},
            expires_at=item.expires_at,
        )
    item.id, item.cursor = connection.execute(_PG_STATEMENTS[bool(item.deliveries)], params).one()
