"""Sign-ins of Chatwoot's client apps (`POST /auth/sign_in`), as devise_token_auth issues them: a `client` id
and an `access-token` per signed-in device. Only the token's digest is stored; sign-out deletes the row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.crypto import new_token, token_digest
from chatlake.models import ClientSignIn, User
from chatlake.models.base import utcnow

# Chatwoot configures devise_token_auth with a two-month token lifespan.
CLIENT_SIGN_IN_LIFETIME = timedelta(days=60)


@dataclass(frozen=True)
class ClientCredentials:
    client: str
    access_token: str
    expires_at: datetime


async def do_start_client_sign_in(session: AsyncSession, user: User) -> ClientCredentials:
    now = utcnow()
    # The user's expired sign-ins are swept here, so the table stays small without a job.
    await session.execute(delete(ClientSignIn).where(ClientSignIn.user_id == user.id, ClientSignIn.expires_at < now))
    credentials = ClientCredentials(new_token(16), new_token(24), now + CLIENT_SIGN_IN_LIFETIME)
    session.add(
        ClientSignIn(
            user_id=user.id,
            client_id=credentials.client,
            token_digest=token_digest(credentials.access_token),
            expires_at=credentials.expires_at,
        )
    )
    await session.flush()
    return credentials


async def do_end_client_sign_in(session: AsyncSession, sign_in: ClientSignIn) -> None:
    await session.delete(sign_in)
    await session.flush()
