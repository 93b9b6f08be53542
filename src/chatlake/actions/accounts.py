from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_email, check_text
from chatlake.auth.passwords import hash_password
from chatlake.crypto import new_token, token_digest
from chatlake.errors import InvalidField
from chatlake.models import AccessToken, Account, AccountUser, User
from chatlake.models.user import ROLES

MIN_PASSWORD_LENGTH = 8


@dataclass
class Bootstrapped:
    account: Account
    user: User
    api_access_token: str
    created: bool


async def do_create_user(session: AsyncSession, *, name: str, email: str, password: str | None) -> tuple[User, str]:
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidField(f"Password is too short (minimum is {MIN_PASSWORD_LENGTH} characters)", ["password"])
    user = User(
        name=check_text(name, "name", required=True),
        email=check_email(email),
        password_hash=hash_password(password) if password else None,
        pubsub_token=new_token(),
    )
    session.add(user)
    await session.flush()
    token = new_token()
    session.add(AccessToken(owner_type="User", owner_id=user.id, token_digest=token_digest(token), token=token))
    return user, token


async def do_bootstrap_account(
    session: AsyncSession, *, account_name: str, email: str, password: str, user_name: str | None = None
) -> Bootstrapped:
    """Create an account with its first administrator; with an existing email, change nothing."""
    email = check_email(email)
    if not email:
        raise InvalidField("Email can't be blank", ["email"])
    check_text(account_name, "account_name", required=True)
    existing = await session.scalar(select(User).where(User.email == email))
    if existing is not None:
        row = (
            await session.execute(
                select(Account)
                .join(AccountUser, AccountUser.account_id == Account.id)
                .where(AccountUser.user_id == existing.id)
                .order_by(AccountUser.id)
                .limit(1)
            )
        ).scalar_one()
        token = await session.scalar(
            select(AccessToken.token).where(AccessToken.owner_type == "User", AccessToken.owner_id == existing.id)
        )
        return Bootstrapped(row, existing, token or "", created=False)
    account = Account(name=account_name, settings={}, custom_attributes={})
    session.add(account)
    await session.flush()
    user, token = await do_create_user(session, name=user_name or email.split("@")[0], email=email, password=password)
    session.add(AccountUser(account_id=account.id, user_id=user.id, role=ROLES["administrator"]))
    await session.flush()
    return Bootstrapped(account, user, token, created=True)
