"""The Platform API's writes to accounts and their members: an app changes only what it was granted."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.account import check_locale
from chatlake.actions.agents import check_role
from chatlake.actions.checks import check_choice, check_email, check_json_object, check_text
from chatlake.actions.platform_apps import do_grant
from chatlake.errors import InvalidField
from chatlake.models import Account, AccountUser, Conversation, InboxMember, PlatformApp, TeamMember, User
from chatlake.models.account import ACCOUNT_STATUSES

# Chatwoot's permitted params; `features` is accepted and ignored (Chatlake has no feature flags).
ACCOUNT_FIELDS = ("name", "locale", "domain", "support_email", "status", "limits", "custom_attributes")


def _check_status(value) -> int:
    if not isinstance(value, str):
        raise InvalidField("status must be one of active, suspended", ["status"])
    return check_choice(value, ACCOUNT_STATUSES, "status")


def _apply(account: Account, changes: dict) -> None:
    if "name" in changes:
        account.name = check_text(changes["name"], "name", required=True)
    if "locale" in changes:
        account.locale = check_locale(changes["locale"])
    if "domain" in changes:
        account.domain = check_text(changes["domain"], "domain") or None
    if "support_email" in changes:
        account.support_email = check_email(changes["support_email"], "support_email")
    if "status" in changes:
        account.status = _check_status(changes["status"])
    # JSON columns are replaced, as Chatwoot's assign_attributes replaces them.
    if "limits" in changes:
        account.limits = check_json_object(changes["limits"], "limits")
    if "custom_attributes" in changes:
        account.custom_attributes = check_json_object(changes["custom_attributes"], "custom_attributes")


async def do_platform_create_account(session: AsyncSession, app: PlatformApp, fields: dict) -> Account:
    if "name" not in fields:
        raise InvalidField("Name can't be blank", ["name"])
    account = Account(name="", locale="en", settings={}, custom_attributes={}, limits={})
    _apply(account, fields)
    session.add(account)
    await session.flush()
    await do_grant(session, app, "Account", account.id)
    return account


async def do_platform_update_account(session: AsyncSession, account: Account, changes: dict) -> Account:
    _apply(account, changes)
    await session.flush()
    return account


async def do_platform_set_account_user(session: AsyncSession, account: Account, user: User, role) -> AccountUser:
    """Add the user to the account with the role, or change the role of a member (find_or_initialize_by)."""
    role_value = check_role(role)
    membership = await session.scalar(
        select(AccountUser).where(AccountUser.account_id == account.id, AccountUser.user_id == user.id)
    )
    if membership is None:
        membership = AccountUser(account_id=account.id, user_id=user.id, role=role_value)
        session.add(membership)
    else:
        membership.role = role_value
    await session.flush()
    return membership


async def do_platform_remove_account_user(session: AsyncSession, account: Account, user_id: int) -> None:
    """The member leaves the account with their inbox and team memberships there; nothing to remove is fine."""
    membership = await session.scalar(
        select(AccountUser).where(AccountUser.account_id == account.id, AccountUser.user_id == user_id)
    )
    if membership is None:
        return
    await session.execute(
        delete(InboxMember).where(InboxMember.account_id == account.id, InboxMember.user_id == user_id)
    )
    await session.execute(delete(TeamMember).where(TeamMember.account_id == account.id, TeamMember.user_id == user_id))
    await session.execute(
        update(Conversation)
        .where(Conversation.account_id == account.id, Conversation.assignee_id == user_id)
        .values(assignee_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.delete(membership)
    await session.flush()
