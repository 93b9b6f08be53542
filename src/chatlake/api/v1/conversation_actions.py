"""State changes of one conversation: status, priority, assignment, labels, attributes, typing, read state."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from chatlake.actions.assignments import do_assign_agent, do_assign_team
from chatlake.actions.conversation_attributes import (
    do_mark_unread,
    do_mute,
    do_set_custom_attributes,
    do_set_labels,
    do_set_priority,
    do_unmute,
    do_update_last_seen,
    label_list,
)
from chatlake.actions.conversation_status import do_toggle_status
from chatlake.actions.typing import do_toggle_typing
from chatlake.api.deps import CurrentActor, CurrentActorOrBot, Session
from chatlake.api.schemas import Body
from chatlake.errors import InvalidField, NotFound
from chatlake.models import Conversation, Team
from chatlake.models.conversation import STATUS_NAMES
from chatlake.presenters.common import iso, unix
from chatlake.presenters.conversations import conversation_json
from chatlake.presenters.users import agent_json
from chatlake.queries.access import access_conversation
from chatlake.queries.conversations import load_views

router = APIRouter(prefix="/api/v1/accounts/{account_id}/conversations/{conversation_id}", tags=["Conversations"])


class StatusIn(Body):
    status: str | None = None
    snoozed_until: float | int | str | None = None


class PriorityIn(Body):
    priority: str | None = None


class ConversationUpdateIn(PriorityIn):
    # Enterprise SLA policies do not exist here: accepted so clients sending it work, and ignored.
    sla_policy_id: Any = None


class AssignmentIn(Body):
    assignee_id: Any = None
    assignee_type: str | None = None
    team_id: Any = None


class CustomAttributesIn(Body):
    custom_attributes: Any = None


class LabelsIn(Body):
    labels: Any = None


class TypingIn(Body):
    typing_status: str | None = None
    is_private: bool | None = False


def _required(body: Body, field: str) -> None:
    if field not in body.model_fields_set:
        raise InvalidField(f"{field} is required", [field])


async def _conversation_json(session: Session, actor: CurrentActorOrBot, conversation: Conversation) -> dict:
    (view,) = await load_views(session, actor.account_id, [conversation])
    return conversation_json(view)


def _team_json(team: Team) -> dict:
    # Chatwoot renders the team record itself here (`render json: @team`).
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "allow_auto_assign": team.allow_auto_assign,
        "account_id": team.account_id,
        "created_at": iso(team.created_at),
        "updated_at": iso(team.updated_at),
    }


@router.post("/toggle_status")
async def toggle_status(
    conversation_id: int, session: Session, actor: CurrentActorOrBot, body: StatusIn | None = None
) -> dict:
    body = body or StatusIn()
    conversation = await access_conversation(session, actor, conversation_id)
    await do_toggle_status(session, actor, conversation, status=body.status, snoozed_until=body.snoozed_until)
    return {
        "meta": {},
        "payload": {
            "success": True,
            "conversation_id": conversation.display_id,
            "current_status": STATUS_NAMES[conversation.status],
            "snoozed_until": unix(conversation.snoozed_until),
        },
    }


@router.post("/toggle_priority")
async def toggle_priority(
    conversation_id: int, session: Session, actor: CurrentActorOrBot, body: PriorityIn | None = None
) -> dict:
    body = body or PriorityIn()
    conversation = await access_conversation(session, actor, conversation_id)
    await do_set_priority(session, actor, conversation, body.priority)
    return {}


@router.patch("")
@router.put("")
async def update(
    conversation_id: int, session: Session, actor: CurrentActorOrBot, body: ConversationUpdateIn | None = None
) -> dict:
    """The spec's body: `priority` (absent: unchanged) and `sla_policy_id` (ignored: no SLA policies)."""
    conversation = await access_conversation(session, actor, conversation_id)
    if body is not None and "priority" in body.model_fields_set:
        await do_set_priority(session, actor, conversation, body.priority)
    return await _conversation_json(session, actor, conversation)


@router.post("/assignments")
async def assignments(
    conversation_id: int, session: Session, actor: CurrentActorOrBot, body: AssignmentIn | None = None
) -> dict | None:
    """`assignee_id` wins over `team_id`; null (or 0) clears. Answers the agent, the team, or null."""
    body = body or AssignmentIn()
    conversation = await access_conversation(session, actor, conversation_id)
    if "assignee_id" in body.model_fields_set or body.assignee_type == "AgentBot":
        if body.assignee_type == "AgentBot":
            raise NotFound()  # conversations have no bot assignee yet: no bot id can name one
        agent = await do_assign_agent(session, actor, conversation, body.assignee_id)
        return agent_json(*agent) if agent else None
    if "team_id" in body.model_fields_set:
        team = await do_assign_team(session, actor, conversation, body.team_id)
        return _team_json(team) if team else None
    return None


@router.post("/custom_attributes")
async def custom_attributes(
    conversation_id: int, session: Session, actor: CurrentActorOrBot, body: CustomAttributesIn | None = None
) -> dict:
    body = body or CustomAttributesIn()
    _required(body, "custom_attributes")
    conversation = await access_conversation(session, actor, conversation_id)
    attributes = await do_set_custom_attributes(session, actor, conversation, body.custom_attributes)
    return {"custom_attributes": attributes}


@router.get("/labels")
async def labels(conversation_id: int, session: Session, actor: CurrentActor) -> dict:
    conversation = await access_conversation(session, actor, conversation_id)
    return {"payload": label_list(conversation)}


@router.post("/labels")
async def set_labels(conversation_id: int, session: Session, actor: CurrentActor, body: LabelsIn | None = None) -> dict:
    body = body or LabelsIn()
    _required(body, "labels")
    conversation = await access_conversation(session, actor, conversation_id)
    return {"payload": await do_set_labels(session, actor, conversation, body.labels)}


@router.post("/toggle_typing_status")
async def toggle_typing_status(
    conversation_id: int, session: Session, actor: CurrentActorOrBot, body: TypingIn | None = None
) -> dict:
    body = body or TypingIn()
    conversation = await access_conversation(session, actor, conversation_id)
    await do_toggle_typing(session, actor, conversation, body.typing_status, body.is_private)
    return {}


@router.post("/mute")
async def mute(conversation_id: int, session: Session, actor: CurrentActor) -> dict:
    conversation = await access_conversation(session, actor, conversation_id)
    await do_mute(session, actor, conversation)
    return {}


@router.post("/unmute")
async def unmute(conversation_id: int, session: Session, actor: CurrentActor) -> dict:
    conversation = await access_conversation(session, actor, conversation_id)
    await do_unmute(session, actor, conversation)
    return {}


@router.post("/update_last_seen")
async def update_last_seen(conversation_id: int, session: Session, actor: CurrentActor) -> dict:
    conversation = await access_conversation(session, actor, conversation_id)
    await do_update_last_seen(session, actor, conversation)
    return await _conversation_json(session, actor, conversation)


@router.post("/unread")
async def unread(conversation_id: int, session: Session, actor: CurrentActor) -> dict:
    conversation = await access_conversation(session, actor, conversation_id)
    await do_mark_unread(session, actor, conversation)
    return await _conversation_json(session, actor, conversation)
