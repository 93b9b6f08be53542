"""The audit trail of administrative changes, written by the actions in the change's own transaction.

Called explicitly from each audited action (never from ORM callbacks), so a refused change leaves no
record and a recorded one cannot be lost without its change.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.models import AccountUser, AuditLog, User

AUDIT_ACTIONS = ("create", "update", "destroy", "sign_in")
# What an auditable is called in the log, where Chatwoot's name differs from the table's model.
AUDITABLE_NAMES = {"AccountUser": "AccountUser", "ChannelApi": "Inbox"}


def _plain(value):
    """JSON-ready values: dates as ISO text; everything else as it is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


async def record_audit(
    session: AsyncSession,
    actor: Actor | None,
    action: str,
    auditable,
    changes: dict | None = None,
    *,
    account_id: int | None = None,
    remote_address: str | None = None,
) -> AuditLog:
    """One row: who (`actor`, None for the system) did `action` to `auditable` (a model row), and what changed.

    `changes` maps attribute → value (create, destroy) or → [before, after] (update).
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    type_name = type(auditable).__name__
    user = actor.user if actor is not None and getattr(actor.user, "id", None) is not None else None
    entry = AuditLog(
        account_id=account_id if account_id is not None else actor.account_id,
        auditable_type=AUDITABLE_NAMES.get(type_name, type_name),
        auditable_id=getattr(auditable, "id", None),
        action=action,
        audited_changes=_plain(changes or {}),
        user_id=user.id if user else None,
        user_type="User" if user else None,
        username=user.email if user else None,
        remote_address=remote_address,
    )
    session.add(entry)
    await session.flush()
    return entry


def changes_between(before: dict, after: dict) -> dict:
    """`{attribute: [before, after]}` for the attributes whose value differs (an update's audited_changes)."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


async def do_record_sign_in(session: AsyncSession, user: User, remote_address: str | None) -> None:
    """A dashboard sign-in, in the log of every account the user belongs to (a sign-in names no account)."""
    account_ids = await session.scalars(select(AccountUser.account_id).where(AccountUser.user_id == user.id))
    for account_id in account_ids:
        session.add(
            AuditLog(
                account_id=account_id,
                auditable_type="User",
                auditable_id=user.id,
                action="sign_in",
                audited_changes={},
                user_id=user.id,
                user_type="User",
                username=user.email,
                remote_address=remote_address,
            )
        )
    await session.flush()
