"""Chatwoot client credentials (`access-token`, `client`, `uid` headers, as devise_token_auth issues them)
resolved to the signed-in user and that user's API access token.

The Application API authenticates with `api_access_token`; a request that carries client credentials
instead is given the user's own token (api/devise_credentials.py), so every endpoint, its checks and its
caches treat both alike. A sign-in that was ended or has expired resolves to nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.crypto import token_digest
from chatlake.models import AccessToken, ClientSignIn, User
from chatlake.models.base import utcnow


async def client_sign_in_for(
    session: AsyncSession, access_token: str | None, client: str | None, uid: str | None
) -> tuple[ClientSignIn, User] | None:
    if not (access_token and client and uid):
        return None
    row = (
        await session.execute(
            select(ClientSignIn, User)
            .join(User, User.id == ClientSignIn.user_id)
            .where(ClientSignIn.token_digest == token_digest(access_token))
        )
    ).first()
    if row is None:
        return None
    sign_in, user = row
    # All three must match, as devise_token_auth requires: a token copied to another client id is refused.
    if sign_in.client_id != client or user.email != uid.strip().lower() or sign_in.expires_at <= utcnow():
        return None
    return sign_in, user


async def api_token_for_client_credentials(
    session: AsyncSession, access_token: str | None, client: str | None, uid: str | None
) -> str | None:
    found = await client_sign_in_for(session, access_token, client, uid)
    if found is None:
        return None
    return await session.scalar(
        select(AccessToken.token).where(AccessToken.owner_type == "User", AccessToken.owner_id == found[1].id)
    )
