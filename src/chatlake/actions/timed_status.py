"""Status changes that come with time: snoozed conversations reopen when their time comes, and open ones resolve
after the account's `auto_resolve_after` minutes without activity (with its optional `auto_resolve_message`).

Both act on what the rows say now (`snoozed_until`, `last_activity_at`), so nothing is lost across restarts.
Each claims its conversations with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite has one writer) and changes
their status in the same transaction: a conversation taken by one worker is skipped by the others, and once
committed it no longer matches, so it is never acted on twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.conversation_status import do_toggle_status
from chatlake.actions.system_actor import system_actor
from chatlake.models import Account, Conversation
from chatlake.models.conversation import STATUSES
from chatlake.queries.reports.sql import dialect_of

BATCH = 100


def _claim(session: AsyncSession, stmt):
    if dialect_of(session) == "postgresql":
        return stmt.with_for_update(skip_locked=True)
    return stmt


async def reopen_due_snoozed(session: AsyncSession, now: datetime) -> int:
    """Reopens conversations whose snooze time has come (oldest first, a batch per call)."""
    due = list(
        await session.scalars(
            _claim(
                session,
                select(Conversation)
                .where(Conversation.status == STATUSES["snoozed"], Conversation.snoozed_until <= now)
                .order_by(Conversation.snoozed_until, Conversation.id)
                .limit(BATCH),
            )
        )
    )
    accounts: dict[int, Account] = {}
    for conversation in due:
        account = accounts.get(conversation.account_id) or await session.get(Account, conversation.account_id)
        accounts[conversation.account_id] = account
        await do_toggle_status(session, system_actor(account), conversation, status="open", at=now)
    return len(due)


def auto_resolve_minutes(account: Account) -> int | None:
    value = (account.settings or {}).get("auto_resolve_after")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


async def resolve_inactive(session: AsyncSession, now: datetime) -> int:
    """Resolves open conversations idle for longer than their account's auto_resolve_after."""
    # Accounts are few next to conversations; their settings are JSON, read here rather than queried in SQL.
    accounts = [a for a in await session.scalars(select(Account)) if auto_resolve_minutes(a) is not None]
    resolved = 0
    for account in accounts:
        settings = account.settings or {}
        stmt = (
            select(Conversation)
            .where(
                Conversation.account_id == account.id,
                Conversation.status == STATUSES["open"],
                Conversation.last_activity_at < now - timedelta(minutes=auto_resolve_minutes(account)),
            )
            .order_by(Conversation.last_activity_at, Conversation.id)
            .limit(BATCH)
        )
        if settings.get("auto_resolve_ignore_waiting"):
            stmt = stmt.where(Conversation.waiting_since.is_(None))
        actor = system_actor(account)
        message = (settings.get("auto_resolve_message") or "").strip()
        for conversation in await session.scalars(_claim(session, stmt)):
            if message:
                # Imported here: the messages action would otherwise be imported by the status module's callers twice.
                from chatlake.actions.messages import do_create_message

                await do_create_message(session, actor, conversation, content=message, message_type="template")
            await do_toggle_status(session, actor, conversation, status="resolved", at=now)
            resolved += 1
    return resolved
