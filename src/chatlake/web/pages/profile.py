"""Profile settings: who you are and the access token for the API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from chatlake.auth.tokens import access_token_of
from chatlake.web.deps import DbSession, SignedInUser
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/app/profile")
async def profile_settings(request: Request, session: DbSession, user: SignedInUser) -> Response:
    access_token = await access_token_of(session, "User", user.id)
    return render(request, "profile.html", user=user, current_page="profile", access_token=access_token)
