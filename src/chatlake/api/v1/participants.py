"""Conversation participants: GET/POST/PATCH/PUT/DELETE /conversations/{id}/participants (Chatwoot's routes)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.participants import do_add_participants, do_remove_participants, do_set_participants
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import Body
from chatlake.errors import InvalidField
from chatlake.presenters.users import agent_json
from chatlake.queries.access import access_conversation
from chatlake.queries.participants import list_participants

router = APIRouter(
    prefix="/api/v1/accounts/{account_id}/conversations/{conversation_id}/participants", tags=["Conversations"]
)


class ParticipantsIn(Body):
    user_ids: Any = None


def _user_ids(body: ParticipantsIn) -> Any:
    if "user_ids" not in body.model_fields_set:
        raise InvalidField("user_ids is required", ["user_ids"])
    return body.user_ids


async def _participants_json(session, conversation) -> list[dict]:
    return [agent_json(user, membership) for user, membership in await list_participants(session, conversation)]


@router.get("")
async def show(conversation_id: int, session: Session, actor: CurrentActor) -> list[dict]:
    conversation = await access_conversation(session, actor, conversation_id)
    return await _participants_json(session, conversation)


@router.post("")
async def create(conversation_id: int, body: ParticipantsIn, session: Session, actor: CurrentActor) -> list[dict]:
    conversation = await access_conversation(session, actor, conversation_id)
    added = await do_add_participants(session, actor, conversation, _user_ids(body))
    # As Chatwoot: the answer lists the agents this request added.
    return [agent for agent in await _participants_json(session, conversation) if agent["id"] in added]


@router.patch("")
@router.put("")
async def update(conversation_id: int, body: ParticipantsIn, session: Session, actor: CurrentActor) -> list[dict]:
    conversation = await access_conversation(session, actor, conversation_id)
    await do_set_participants(session, actor, conversation, _user_ids(body))
    return await _participants_json(session, conversation)


@router.delete("")
async def destroy(conversation_id: int, body: ParticipantsIn, session: Session, actor: CurrentActor) -> Response:
    conversation = await access_conversation(session, actor, conversation_id)
    await do_remove_participants(session, actor, conversation, _user_ids(body))
    return Response(status_code=200)
