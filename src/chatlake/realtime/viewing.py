"""Which agents have a conversation open: short-lived notices between agents, never stored.

A dashboard tab with a conversation open sends the `viewing` action on its agent subscription
(`{"action": "viewing", "conversation_id": <display id>, "viewing": true}`) when it opens it, every
few seconds while it stays open, and with `"viewing": false` when it leaves. The hub checks that the
sender can see the conversation and passes a `conversation.viewing` message to the account's other
agents who can see its inbox, in every process. Receivers forget a viewer not heard from for a while,
so a tab that vanished without saying goodbye stops being shown.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Conversation, User

PUSH_EVENT = "conversation.viewing"
MAX_DISPLAY_ID = 2**31 - 1


def parse_viewing(payload: dict) -> tuple[int, bool] | None:
    conversation_id = payload.get("conversation_id")
    if isinstance(conversation_id, bool) or not isinstance(conversation_id, int):
        return None
    if not 0 < conversation_id <= MAX_DISPLAY_ID:
        return None
    return conversation_id, payload.get("viewing") is not False


async def viewing_subject(
    session: AsyncSession, account_id: int, user_id: int, display_id: int
) -> tuple[int | None, str]:
    """The conversation's inbox (None if there is no such conversation) and the viewer's name."""
    inbox_id = await session.scalar(
        select(Conversation.inbox_id).where(
            Conversation.account_id == account_id, Conversation.display_id == display_id
        )
    )
    user = await session.get(User, user_id)
    name = (user.display_name or user.name) if user is not None else ""
    return inbox_id, name


def viewing_message(account_id: int, user_id: int, name: str, display_id: int, viewing: bool) -> dict:
    return {
        "event": PUSH_EVENT,
        "data": {
            "account_id": account_id,
            "conversation_id": display_id,
            "user": {"id": user_id, "name": name, "type": "user"},
            "viewing": viewing,
        },
    }
