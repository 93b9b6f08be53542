"""The hub's reads: event positions, events after a cursor, access at push time, subscriber identities."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Account, AccountUser, ContactInbox, Event, InboxMember, User
from chatlake.models.user import AVAILABILITY
from chatlake.realtime.recipients import AgentAccess, AgentIdentity, ContactIdentity, Identity, StoredEvent

AVAILABILITY_NAMES = {v: k for k, v in AVAILABILITY.items()}
ACTIVE = 0


async def heads(session: AsyncSession, account_ids: list[int]) -> dict[int, int]:
    """Each account's last handed-out cursor. Cursors are taken under the account row lock and held to
    commit, so once head C is visible every event up to C is committed and readable."""
    rows = await session.execute(select(Account.id, Account.event_seq).where(Account.id.in_(account_ids)))
    return {account_id: seq or 0 for account_id, seq in rows}


async def positions(session: AsyncSession, account_id: int) -> tuple[int, int | None]:
    """(head, oldest retained cursor) of one account."""
    oldest = select(func.min(Event.cursor)).where(Event.account_id == account_id).scalar_subquery()
    row = (await session.execute(select(Account.event_seq, oldest).where(Account.id == account_id))).first()
    return (0, None) if row is None else (row[0] or 0, row[1])


async def events_after(session: AsyncSession, account_id: int, after: int, limit: int) -> list[StoredEvent]:
    rows = await session.execute(
        select(Event.cursor, Event.name, Event.inbox_id, Event.payload)
        .where(Event.account_id == account_id, Event.cursor > after)
        .order_by(Event.cursor)
        .limit(limit)
    )
    return [StoredEvent(cursor, name, inbox_id, payload) for cursor, name, inbox_id, payload in rows]


async def agent_access(
    session: AsyncSession, account_id: int, user_ids: set[int], events: list[StoredEvent]
) -> dict[int, AgentAccess]:
    """Role and the relevant inbox memberships of each user, read now: a user removed from an inbox
    (or from the account) sees none of its events from the next batch on. One statement."""
    if not user_ids:
        return {}
    inbox_ids = {e.inbox_id for e in events if e.inbox_id is not None}
    member = and_(
        InboxMember.account_id == AccountUser.account_id,
        InboxMember.user_id == AccountUser.user_id,
        InboxMember.inbox_id.in_(inbox_ids or {-1}),
    )
    rows = await session.execute(
        select(AccountUser.user_id, AccountUser.role, InboxMember.inbox_id)
        .select_from(AccountUser)
        .outerjoin(InboxMember, member)
        .where(AccountUser.account_id == account_id, AccountUser.user_id.in_(user_ids))
    )
    access: dict[int, AgentAccess] = {}
    for user_id, role, inbox_id in rows:
        entry = access.setdefault(user_id, AgentAccess(role=role))
        if inbox_id is not None:
            entry.inbox_ids.add(inbox_id)
    return access


async def identify(session: AsyncSession, params: dict) -> Identity | None:
    """RoomChannel's subscribe params: with user_id, a user's pubsub_token (member of account_id);
    without, a contact_inbox pubsub_token. Anything else: None (the subscription is rejected)."""
    token = params.get("pubsub_token")
    account_id = params.get("account_id")
    user_id = params.get("user_id")
    if not isinstance(token, str) or not token:
        return None
    if account_id is not None:
        try:
            account_id = int(account_id)
        except (TypeError, ValueError):
            return None
    if user_id not in (None, ""):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        return await _agent(session, token, account_id, user_id)
    row = (
        await session.execute(
            select(ContactInbox.id, ContactInbox.account_id, ContactInbox.contact_id).where(
                ContactInbox.pubsub_token == token
            )
        )
    ).first()
    if row is not None:
        ci_id, ci_account, contact_id = row
        if account_id is not None and account_id != ci_account:
            return None
        return ContactIdentity(account_id=ci_account, contact_id=contact_id, contact_inbox_id=ci_id)
    return await _agent(session, token, account_id, None)


async def _agent(session: AsyncSession, token: str, account_id: int | None, user_id: int | None):
    if account_id is None:
        return None
    query = (
        select(User.id)
        .join(AccountUser, AccountUser.user_id == User.id)
        .join(Account, Account.id == AccountUser.account_id)
        .where(User.pubsub_token == token, AccountUser.account_id == account_id, Account.status == ACTIVE)
    )
    if user_id is not None:
        query = query.where(User.id == user_id)
    found = await session.scalar(query)
    return None if found is None else AgentIdentity(account_id=account_id, user_id=found)


async def availability(session: AsyncSession, account_id: int, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await session.execute(
        select(AccountUser.user_id, AccountUser.availability).where(
            AccountUser.account_id == account_id, AccountUser.user_id.in_(user_ids)
        )
    )
    return {user_id: AVAILABILITY_NAMES.get(value, "online") for user_id, value in rows}
