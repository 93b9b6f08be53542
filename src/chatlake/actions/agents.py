"""Adding, changing and removing the members (agents and administrators) of an account."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.accounts import do_create_user
from chatlake.actions.administration import check_administrator, check_bool, flush_unique
from chatlake.actions.audit import changes_between, record_audit
from chatlake.actions.checks import check_choice, check_email, check_text
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, Unprocessable
from chatlake.models import AccountUser, Conversation, InboxMember, TeamMember, User
from chatlake.models.user import AVAILABILITY, ROLES
from chatlake.queries.agents import access_membership, administrator_ids

# The spec's availability_status says "available"; Chatwoot's own `availability` param says "online".
AVAILABILITY_INPUT = {**AVAILABILITY, "available": AVAILABILITY["online"]}
LAST_ADMINISTRATOR = "An account must keep at least one administrator"


def check_availability(value, field: str = "availability_status") -> int:
    if not isinstance(value, str) or value not in AVAILABILITY_INPUT:
        raise InvalidField(f"{field} must be one of available, busy, offline", [field])
    return AVAILABILITY_INPUT[value]


def check_role(value) -> int:
    if not isinstance(value, str):
        raise InvalidField("role must be one of agent, administrator", ["role"])
    return check_choice(value, ROLES, "role")


async def _is_last_administrator(session: AsyncSession, membership: AccountUser) -> bool:
    if membership.role != ROLES["administrator"]:
        return False
    return await administrator_ids(session, membership.account_id) == [membership.user_id]


async def do_create_agent(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str | None,
    email: str | None,
    role: str | None = None,
    availability: str | None = None,
    auto_offline: bool | None = None,
) -> tuple[User, AccountUser]:
    """Add a member; a user with that email is reused, otherwise one is created with a token and no password."""
    check_administrator(actor)
    email = check_email(email)
    if not email:
        raise InvalidField("Email can't be blank", ["email"])
    role_value = check_role(role) if role is not None else ROLES["agent"]
    availability_value = check_availability(availability) if availability is not None else AVAILABILITY["online"]
    auto_offline = check_bool(auto_offline, "auto_offline") if auto_offline is not None else True
    user = await session.scalar(select(User).where(User.email == email))
    if user is None:
        user, _token = await do_create_user(session, name=name, email=email, password=None)
    else:
        taken = await session.scalar(
            select(AccountUser.id).where(AccountUser.account_id == actor.account_id, AccountUser.user_id == user.id)
        )
        if taken is not None:
            raise InvalidField("Email has already been taken", ["email"])
    membership = AccountUser(
        account_id=actor.account_id,
        user_id=user.id,
        role=role_value,
        availability=availability_value,
        auto_offline=auto_offline,
    )
    session.add(membership)
    await flush_unique(session, "email")
    await record_audit(session, actor, "create", membership, _audited(user, membership))
    return user, membership


def _audited(user: User, membership: AccountUser) -> dict:
    return {
        "user_id": user.id,
        "name": user.name,
        "email": user.email,
        "role": membership.role,
        "availability": membership.availability,
        "auto_offline": membership.auto_offline,
    }


async def do_update_agent(session: AsyncSession, actor: Actor, user_id: int, changes: dict) -> tuple[User, AccountUser]:
    """`changes` holds only the fields the caller sent: name, role, availability, auto_offline."""
    check_administrator(actor)
    user, membership = await access_membership(session, actor.account_id, user_id)
    name = check_text(changes["name"], "name", required=True) if "name" in changes else None
    role = check_role(changes["role"]) if changes.get("role") is not None else None
    availability = check_availability(changes["availability"]) if changes.get("availability") is not None else None
    auto_offline = (
        check_bool(changes["auto_offline"], "auto_offline") if changes.get("auto_offline") is not None else None
    )
    if role == ROLES["agent"] and await _is_last_administrator(session, membership):
        raise InvalidField(LAST_ADMINISTRATOR, ["role"])
    before = _audited(user, membership)
    if name is not None:
        user.name = name
    if role is not None:
        membership.role = role
    if availability is not None:
        membership.availability = availability
    if auto_offline is not None:
        membership.auto_offline = auto_offline
    await session.flush()
    changes = changes_between(before, _audited(user, membership))
    if changes:
        await record_audit(session, actor, "update", membership, {"user_id": user.id, **changes})
    return user, membership


async def do_remove_agent(session: AsyncSession, actor: Actor, user_id: int) -> None:
    """Remove a member from the account, with their inbox and team memberships there; the user stays."""
    check_administrator(actor)
    user, membership = await access_membership(session, actor.account_id, user_id)
    if await _is_last_administrator(session, membership):
        raise Unprocessable(LAST_ADMINISTRATOR)
    account_id = actor.account_id
    await session.execute(
        delete(InboxMember).where(InboxMember.account_id == account_id, InboxMember.user_id == user.id)
    )
    await session.execute(delete(TeamMember).where(TeamMember.account_id == account_id, TeamMember.user_id == user.id))
    # As Chatwoot does: a former member's conversations go back to the unassigned queue.
    await session.execute(
        update(Conversation)
        .where(Conversation.account_id == account_id, Conversation.assignee_id == user.id)
        .values(assignee_id=None)
        .execution_options(synchronize_session=False)
    )
    await record_audit(session, actor, "destroy", membership, _audited(user, membership))
    await session.delete(membership)
    await session.flush()
