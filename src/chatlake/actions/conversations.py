from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.account_counters import next_account_number
from chatlake.actions.checks import check_json_object, check_text, check_timestamp
from chatlake.actions.contacts import do_create_contact_inbox
from chatlake.actions.notifications import notify_assignment
from chatlake.auth.actor import AnyActor
from chatlake.errors import InvalidField, NotFound, Unauthorized
from chatlake.events import types
from chatlake.events.outbox import record_event, webhook_targets
from chatlake.models import Account, ChannelApi, Contact, ContactInbox, Conversation, Inbox
from chatlake.models.base import utcnow
from chatlake.models.conversation import STATUS_NAMES, STATUSES
from chatlake.presenters.conversations import ConversationView, conversation_webhook
from chatlake.queries.access import access_agent, access_contact, access_team, sees_inbox
from chatlake.queries.conversations import load_views


async def next_display_id(session: AsyncSession, account_id: int) -> int:
    """Per-account conversation number; the row lock serialises concurrent creates in one account."""
    return await next_account_number(session, account_id, Account.conversation_seq)


async def _inbox_for_create(session: AsyncSession, actor: AnyActor, inbox_id: int) -> tuple[Inbox, ChannelApi | None]:
    row = (
        await session.execute(
            select(Inbox, ChannelApi)
            .outerjoin(ChannelApi, (Inbox.channel_type == "Channel::Api") & (ChannelApi.id == Inbox.channel_id))
            .where(Inbox.account_id == actor.account_id, Inbox.id == inbox_id)
        )
    ).first()
    if row is None:
        raise NotFound()
    if not actor.is_administrator and not await sees_inbox(session, actor, inbox_id):
        raise Unauthorized("You are not authorized to access this inbox")
    return row[0], row[1]


async def has_active_bot(session: AsyncSession, inbox: Inbox) -> bool:
    """From the account's cached webhook targets (events/outbox.py): no statement once cached."""
    return inbox.id in (await webhook_targets(session, inbox.account_id)).bot_inboxes


async def do_create_conversation(session: AsyncSession, actor: AnyActor, **fields) -> Conversation:
    """do_open_conversation for callers that need the conversation only."""
    return (await do_open_conversation(session, actor, **fields)).conversation


async def do_open_conversation(
    session: AsyncSession,
    actor: AnyActor,
    *,
    source_id: str | None = None,
    inbox_id: int | None = None,
    contact_id: int | None = None,
    status: str | None = None,
    assignee_id: int | None = None,
    team_id: int | None = None,
    additional_attributes=None,
    custom_attributes=None,
    snoozed_until=None,
    at: datetime | None = None,
) -> ConversationView:
    """Start a conversation (or, in an inbox locked to one conversation per contact, find it). Returns its
    view, which a new conversation's event was rendered from.

    `at` is when it was started (default now): for importing history, and for tests that build it."""
    source_id = check_text(source_id, "source_id")
    if inbox_id is None:
        raise InvalidField("Inbox can't be blank", ["inbox_id"])
    if source_id is None and contact_id is None:
        raise InvalidField("source_id or contact_id is required", ["source_id", "contact_id"])
    status_value: int | None = None
    if status is not None:
        if status not in STATUSES:
            raise InvalidField("status must be one of open, resolved, pending, snoozed", ["status"])
        status_value = STATUSES[status]
    additional_attributes = check_json_object(additional_attributes, "additional_attributes")
    custom_attributes = check_json_object(custom_attributes, "custom_attributes")
    snoozed_at = check_timestamp(snoozed_until, "snoozed_until")

    inbox, channel = await _inbox_for_create(session, actor, inbox_id)
    if status_value is None:
        # A bot answers first: the conversation waits as pending until the bot hands it over.
        status_value = STATUSES["pending"] if await has_active_bot(session, inbox) else STATUSES["open"]
    contact = await access_contact(session, actor, contact_id) if contact_id is not None else None
    assignee = await access_agent(session, actor, assignee_id) if assignee_id is not None else None
    team = await access_team(session, actor, team_id) if team_id is not None else None

    contact_inbox = None
    if source_id is not None:
        found = (
            await session.execute(
                select(ContactInbox, Contact)
                .join(Contact, Contact.id == ContactInbox.contact_id)
                .where(
                    ContactInbox.account_id == actor.account_id,
                    ContactInbox.inbox_id == inbox.id,
                    ContactInbox.source_id == source_id,
                )
            )
        ).first()
        if found is None and contact is None:
            raise NotFound()
        if found is not None:
            if contact is not None and found[0].contact_id != contact.id:
                raise InvalidField("source_id belongs to another contact", ["source_id"])
            contact_inbox, contact = found
    if contact_inbox is None and source_id is None:
        # Given only a contact: reuse its session on this inbox, or open one.
        contact_inbox = await session.scalar(
            select(ContactInbox)
            .where(
                ContactInbox.account_id == actor.account_id,
                ContactInbox.inbox_id == inbox.id,
                ContactInbox.contact_id == contact.id,
            )
            .order_by(ContactInbox.id)
            .limit(1)
        )
    if contact_inbox is None:
        contact_inbox = await do_create_contact_inbox(session, actor.account_id, contact, inbox, source_id)

    if inbox.lock_to_single_conversation:
        existing = await session.scalar(
            select(Conversation)
            .where(Conversation.account_id == actor.account_id, Conversation.contact_inbox_id == contact_inbox.id)
            .order_by(Conversation.id.desc())
            .limit(1)
        )
        if existing is not None:
            (view,) = await load_views(session, actor.account_id, [existing])
            return view

    now = at or utcnow()
    conversation = Conversation(
        account_id=actor.account_id,
        display_id=await next_display_id(session, actor.account_id),
        inbox_id=inbox.id,
        contact_id=contact_inbox.contact_id,
        contact_inbox_id=contact_inbox.id,
        status=status_value,
        assignee_id=assignee.id if assignee else None,
        team_id=team.id if team else None,
        additional_attributes=additional_attributes,
        custom_attributes=custom_attributes,
        cached_label_list="",
        snoozed_until=snoozed_at if status_value == STATUSES["snoozed"] else None,
        last_activity_at=now,
        waiting_since=now,
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    await session.flush()
    # A new conversation has no messages: its view needs no reads beyond what was loaded above.
    view = ConversationView(
        conversation=conversation,
        contact=contact,
        contact_inbox=contact_inbox,
        inbox=inbox,
        channel=channel,
        assignee=assignee,
        team=team,
    )
    await record_conversation_events(session, conversation, channel, view, [(types.ConversationCreated, None)])
    if assignee is not None:
        await notify_assignment(session, actor, view, assignee)
    return view


async def record_conversation_event(
    session: AsyncSession,
    conversation: Conversation,
    channel: ChannelApi | None,
    event_type: type[types.ConversationEvent],
    changed_attributes: list[dict] | None = None,
) -> ConversationView:
    """Conversation events carry the conversation as it is now (EventDataPresenter's shape). Returns
    the view they were rendered from."""
    (view,) = await load_views(session, conversation.account_id, [conversation])
    await record_conversation_events(session, conversation, channel, view, [(event_type, changed_attributes)])
    return view


async def record_conversation_events(
    session: AsyncSession,
    conversation: Conversation,
    channel: ChannelApi | None,
    view,
    events: list[tuple[type[types.ConversationEvent], list[dict] | None]],
) -> None:
    """Several events of one change (conversation_updated with assignee.changed, ...) from one load."""
    body = conversation_webhook(view)
    for event_type, changed_attributes in events:
        await record_event(
            session,
            event_type.model_validate({**body, "changed_attributes": changed_attributes}),
            account_id=conversation.account_id,
            inbox_id=conversation.inbox_id,
            conversation_id=conversation.id,
            api_channel=channel,
        )


def status_change(conversation: Conversation, new_status: int) -> list[dict]:
    return [
        {
            "status": {
                "previous_value": STATUS_NAMES[conversation.status],
                "current_value": STATUS_NAMES[new_status],
            }
        }
    ]
