"""A user changing their own profile: names, email, signature, settings, availability, password, API token."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from chatlake.actions.accounts import MIN_PASSWORD_LENGTH
from chatlake.actions.administration import flush_unique
from chatlake.actions.checks import check_email, check_json_object, check_phone_number, check_text
from chatlake.actions.dashboard_sessions import do_end_other_dashboard_sessions
from chatlake.auth.passwords import hash_password, verify_password
from chatlake.crypto import new_token, token_digest
from chatlake.errors import InvalidField, NotFound, Unprocessable
from chatlake.models import AccessToken, AccountUser, User
from chatlake.models.base import utcnow
from chatlake.models.user import AVAILABILITY

SIGNATURE_MAX = 2000
PASSWORD_MAX = 128


async def do_update_profile(session: AsyncSession, user: User, changes: dict) -> None:
    """`changes` holds only the fields sent. Every check runs before anything is written."""
    values: dict = {}
    if "name" in changes:
        values["name"] = check_text(_text(changes["name"], "name"), "name", required=True).strip()
    if "display_name" in changes:
        display_name = check_text(_text(changes["display_name"], "display_name"), "display_name")
        values["display_name"] = (display_name or "").strip() or None
    if "message_signature" in changes:
        values["message_signature"] = check_text(
            _text(changes["message_signature"], "message_signature"), "message_signature", max_length=SIGNATURE_MAX
        )
    if "email" in changes:
        email = check_email(_text(changes["email"], "email"))
        if email is None:
            raise InvalidField("Email can't be blank", ["email"])
        if email != user.email:
            # The email is how the account is recovered and signed in to: a stolen API token alone must not move it.
            _check_current_password(user, changes)
        taken = await session.scalar(select(User.id).where(User.email == email, User.id != user.id))
        if taken is not None:
            raise InvalidField("Email has already been taken", ["email"])
        values["email"] = email
    if "ui_settings" in changes:
        values["ui_settings"] = check_json_object(changes["ui_settings"], "ui_settings")
    if "phone_number" in changes:
        # Chatwoot keeps an agent's phone number among their custom attributes.
        phone = check_phone_number(_text(changes["phone_number"], "phone_number"))
        values["custom_attributes"] = {**(user.custom_attributes or {}), "phone_number": phone}
    if changes.get("password") not in (None, ""):
        values["password_hash"] = _new_password_hash(user, changes)
    availability = _availability(changes)

    for name, value in values.items():
        setattr(user, name, value)
    user.updated_at = utcnow()
    if availability is not None:
        await _set_availability(session, user, *availability)
    await flush_unique(session, "email")
    if "password_hash" in values:
        # Whoever knew the old password is signed out of the dashboard everywhere.
        await do_end_other_dashboard_sessions(session, user, None)


def _text(value, field: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidField(f"{field} must be text", [field])
    return value


def _new_password_hash(user: User, changes: dict) -> str:
    password = _text(changes.get("password"), "password") or ""
    _check_current_password(user, changes)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidField(f"Password is too short (minimum is {MIN_PASSWORD_LENGTH} characters)", ["password"])
    if len(password) > PASSWORD_MAX:
        raise InvalidField(f"Password is too long (maximum is {PASSWORD_MAX} characters)", ["password"])
    if changes.get("password_confirmation") != password:
        raise InvalidField("Password confirmation doesn't match Password", ["password_confirmation"])
    return hash_password(password)


def _check_current_password(user: User, changes: dict) -> None:
    if not verify_password(user.password_hash, _text(changes.get("current_password"), "current_password") or ""):
        raise Unprocessable("Invalid current password")


def _availability(changes: dict) -> tuple[int, int | None] | None:
    if "availability" not in changes:
        return None
    value = changes["availability"]
    if not isinstance(value, str) or value not in AVAILABILITY:
        raise InvalidField("availability must be one of online, offline, busy", ["availability"])
    account_id = changes.get("account_id")
    if account_id is not None and (not isinstance(account_id, int) or isinstance(account_id, bool)):
        raise InvalidField("account_id must be an id", ["account_id"])
    return AVAILABILITY[value], account_id


async def _set_availability(session: AsyncSession, user: User, availability: int, account_id: int | None) -> None:
    """In one account when `account_id` is given (Chatwoot's availability call), else in all of them."""
    stmt = update(AccountUser).where(AccountUser.user_id == user.id).values(availability=availability)
    if account_id is not None:
        stmt = stmt.where(AccountUser.account_id == account_id)
    result = await session.execute(stmt)
    if account_id is not None and result.rowcount == 0:
        raise NotFound()


def check_new_password(password: str | None, confirmation: str | None) -> str:
    if not password or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidField(f"Password is too short (minimum is {MIN_PASSWORD_LENGTH} characters)", ["password"])
    if len(password) > PASSWORD_MAX:
        raise InvalidField(f"Password is too long (maximum is {PASSWORD_MAX} characters)", ["password"])
    if confirmation is not None and confirmation != password:
        raise InvalidField("Password confirmation does not match the password", ["password_confirmation"])
    return password


async def hash_new_password(password: str) -> str:
    # argon2 is deliberately slow CPU work; in a worker thread it does not stall other requests.
    return await run_in_threadpool(hash_password, password)


async def do_change_password(
    session: AsyncSession, user: User, password_hash: str, *, keep_dashboard_session: str | None
) -> None:
    """The caller has checked the current password and hashed the new one (check_new_password,
    hash_new_password). Every other dashboard sign-in of the user ends: whoever knew the old password
    is signed out."""
    user.password_hash = password_hash
    await session.flush()
    await do_end_other_dashboard_sessions(session, user, keep_dashboard_session)


async def do_reset_access_token(session: AsyncSession, user: User) -> str:
    """A new API access token; the old one stops working at commit."""
    token = new_token()
    row = await session.scalar(
        select(AccessToken).where(AccessToken.owner_type == "User", AccessToken.owner_id == user.id)
    )
    if row is None:
        session.add(AccessToken(owner_type="User", owner_id=user.id, token_digest=token_digest(token), token=token))
    else:
        row.token_digest = token_digest(token)
        row.token = token
    await session.flush()
    return token


async def do_set_initial_password(session: AsyncSession, user: User, password_hash: str) -> bool:
    """An administrator may give a password to a user who has none yet (just invited), never replace one."""
    if user.password_hash:
        return False
    user.password_hash = password_hash
    await session.flush()
    return True
