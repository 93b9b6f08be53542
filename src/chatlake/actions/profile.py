"""A user changing their own profile: names, email, signature, settings, availability, password."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.accounts import MIN_PASSWORD_LENGTH
from chatlake.actions.administration import flush_unique
from chatlake.actions.checks import check_email, check_json_object, check_phone_number, check_text
from chatlake.auth.passwords import hash_password, verify_password
from chatlake.errors import InvalidField, NotFound, Unprocessable
from chatlake.models import AccountUser, User
from chatlake.models.base import utcnow
from chatlake.models.user import AVAILABILITY

SIGNATURE_MAX = 2000
PASSWORD_MAX = 128


async def do_update_profile(session: AsyncSession, user: User, changes: dict) -> None:
    """`changes` holds only the fields sent. Every check runs before anything is written."""
    values: dict = {}
    if "name" in changes:
        values["name"] = check_text(_text(changes["name"], "name"), "name", required=True)
    if "display_name" in changes:
        values["display_name"] = check_text(_text(changes["display_name"], "display_name"), "display_name")
    if "message_signature" in changes:
        values["message_signature"] = check_text(
            _text(changes["message_signature"], "message_signature"), "message_signature", max_length=SIGNATURE_MAX
        )
    if "email" in changes:
        email = check_email(_text(changes["email"], "email"))
        if email is None:
            raise InvalidField("Email can't be blank", ["email"])
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


def _text(value, field: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidField(f"{field} must be text", [field])
    return value


def _new_password_hash(user: User, changes: dict) -> str:
    password = _text(changes.get("password"), "password") or ""
    if not verify_password(user.password_hash, _text(changes.get("current_password"), "current_password") or ""):
        raise Unprocessable("Invalid current password")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidField(f"Password is too short (minimum is {MIN_PASSWORD_LENGTH} characters)", ["password"])
    if len(password) > PASSWORD_MAX:
        raise InvalidField(f"Password is too long (maximum is {PASSWORD_MAX} characters)", ["password"])
    if changes.get("password_confirmation") != password:
        raise InvalidField("Password confirmation doesn't match Password", ["password_confirmation"])
    return hash_password(password)


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
