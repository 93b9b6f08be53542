"""The Platform API's users: created (or found by email), changed, deleted; sign-in links for them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.accounts import do_create_user
from chatlake.actions.checks import check_email, check_json_object, check_text
from chatlake.actions.platform_apps import do_forget_grants, do_grant
from chatlake.actions.profile import check_new_password, hash_new_password
from chatlake.crypto import new_token, token_digest
from chatlake.errors import InvalidField
from chatlake.models import AccessToken, LoginLink, PlatformApp, PlatformAppPermissible, User
from chatlake.models.base import utcnow

EMAIL_TAKEN = "Email has already been taken"
# Chatwoot's SSO tokens live five minutes.
LOGIN_LINK_LIFETIME = timedelta(minutes=5)


async def _granted(session: AsyncSession, app: PlatformApp, user: User) -> bool:
    return (
        await session.scalar(
            select(PlatformAppPermissible.id).where(
                PlatformAppPermissible.platform_app_id == app.id,
                PlatformAppPermissible.permissible_type == "User",
                PlatformAppPermissible.permissible_id == user.id,
            )
        )
        is not None
    )


async def do_platform_create_user(session: AsyncSession, app: PlatformApp, fields: dict) -> User:
    """Chatwoot answers the existing user when the email is known. Here that holds only for a user this app
    already holds: another app's (or the installation's) user is not handed over by knowing an address."""
    email = check_email(fields.get("email"))
    if not email:
        raise InvalidField("Email can't be blank", ["email"])
    existing = await session.scalar(select(User).where(User.email == email))
    if existing is not None:
        if not await _granted(session, app, existing):
            raise InvalidField(EMAIL_TAKEN, ["email"])
        return existing
    password = fields.get("password")
    if password is not None:
        check_new_password(password, None)
    user, _token = await do_create_user(session, name=fields.get("name") or "", email=email, password=None)
    if password is not None:
        user.password_hash = await hash_new_password(password)
    user.display_name = check_text(fields.get("display_name"), "display_name")
    user.custom_attributes = check_json_object(fields.get("custom_attributes"), "custom_attributes")
    await session.flush()
    await do_grant(session, app, "User", user.id)
    return user


async def do_platform_update_user(session: AsyncSession, user: User, changes: dict) -> User:
    if "name" in changes:
        user.name = check_text(changes["name"], "name", required=True)
    if "display_name" in changes:
        user.display_name = check_text(changes["display_name"], "display_name")
    if "email" in changes:
        email = check_email(changes["email"])
        if not email:
            raise InvalidField("Email can't be blank", ["email"])
        if email != user.email and await session.scalar(select(User.id).where(User.email == email)) is not None:
            raise InvalidField(EMAIL_TAKEN, ["email"])
        user.email = email
    if "custom_attributes" in changes:
        user.custom_attributes = check_json_object(changes["custom_attributes"], "custom_attributes")
    if "password" in changes:
        user.password_hash = await hash_new_password(check_new_password(changes["password"], None))
    user.updated_at = utcnow()
    await session.flush()
    return user


async def do_platform_delete_user(session: AsyncSession, user: User) -> None:
    """The user and their memberships, sign-ins and token go; what they wrote stays, attributed to no one."""
    await session.execute(delete(AccessToken).where(AccessToken.owner_type == "User", AccessToken.owner_id == user.id))
    await do_forget_grants(session, "User", [user.id])
    await session.delete(user)
    await session.flush()


async def do_create_login_link(session: AsyncSession, user: User) -> str:
    """A token for one dashboard sign-in within LOGIN_LINK_LIFETIME; only its digest is stored."""
    token = new_token(32)
    now = utcnow()
    # Spent and expired links of this user are swept here, so the table stays small without a job.
    await session.execute(delete(LoginLink).where(LoginLink.user_id == user.id, LoginLink.expires_at < now))
    session.add(LoginLink(user_id=user.id, token_digest=token_digest(token), expires_at=now + LOGIN_LINK_LIFETIME))
    await session.flush()
    return token


async def do_use_login_link(session: AsyncSession, email: str, token: str) -> User | None:
    """The link's user when the link is valid for that email; the link is spent either way it matched."""
    link = await session.scalar(select(LoginLink).where(LoginLink.token_digest == token_digest(token)))
    if link is None:
        return None
    user = await session.get(User, link.user_id)
    if user is None or user.email != (check_email(email) if email else None):
        return None
    await session.delete(link)
    await session.flush()
    return user if link.expires_at > utcnow() else None
