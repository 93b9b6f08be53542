"""The workspace's writes: thin JSON endpoints over the actions layer, for the signed-in agent.

Same actions, checks and events as the Application API (`api/v1/conversation_actions.py`), but
authenticated by the dashboard session plus its CSRF token instead of an access token, and answering
with the fragments the page swaps in. Errors keep the API's JSON shapes (the app's ChatlakeError handler).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.datastructures import UploadFile

from chatlake.actions.assignments import do_assign_agent, do_assign_team
from chatlake.actions.conversation_attributes import (
    do_mute,
    do_set_labels,
    do_set_priority,
    do_unmute,
    do_update_last_seen,
)
from chatlake.actions.conversation_status import do_toggle_status
from chatlake.actions.messages import do_create_message
from chatlake.actions.typing import do_toggle_typing
from chatlake.api.message_form import is_multipart, read_message_form
from chatlake.api.message_uploads import close_uploads, drop_resent_files, store_uploads
from chatlake.models.conversation import STATUS_NAMES
from chatlake.presenters.common import unix
from chatlake.presenters.messages import MessageView, message_json
from chatlake.queries.access import access_conversation
from chatlake.queries.canned_responses import list_canned_responses
from chatlake.queries.messages import attach_files
from chatlake.web.deps import DbSession
from chatlake.web.workspace.deps import CsrfChecked, WorkspaceActor
from chatlake.web.workspace.fragments import message_items_html

PREFIX = "/app/api/conversations/{display_id}"
router = APIRouter(include_in_schema=False, dependencies=[CsrfChecked])
reads = APIRouter(include_in_schema=False)


class Body(BaseModel):
    # As lax as the API's bodies: unknown fields ignored, ids may be digit strings.
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class ReplyIn(Body):
    content: str | None = None
    private: bool = False
    echo_id: str | None = None


class StatusIn(Body):
    status: str | None = None
    snoozed_until: float | int | str | None = None


class AssigneeIn(Body):
    assignee_id: Any = None


class TeamIn(Body):
    team_id: Any = None


class LabelsIn(Body):
    labels: Any = None


class PriorityIn(Body):
    priority: str | None = None


class TypingIn(Body):
    typing_status: str | None = None
    is_private: bool | None = False


def _done(conversation) -> dict:
    return {
        "conversation_id": conversation.display_id,
        "status": STATUS_NAMES[conversation.status],
        "snoozed_until": unix(conversation.snoozed_until),
        "assignee_id": conversation.assignee_id,
        "team_id": conversation.team_id,
        "muted": conversation.muted,
    }


async def _read_reply(request: Request, max_file_bytes: int) -> tuple[ReplyIn, list[UploadFile]]:
    """JSON, or multipart/form-data with the same fields plus `attachments[]` (the API's reader and limits)."""
    uploads: list[UploadFile] = []
    try:
        if is_multipart(request):
            fields, uploads = await read_message_form(request, max_file_bytes)
            return ReplyIn.model_validate(fields), uploads
        return ReplyIn.model_validate_json(await request.body() or b"{}"), []
    except ValidationError as exc:
        await close_uploads(uploads)
        raise RequestValidationError(exc.errors()) from None


@router.post(PREFIX + "/messages")
async def reply(display_id: int, request: Request, session: DbSession, actor: WorkspaceActor) -> dict:
    runtime = request.app.state.runtime
    # The conversation is checked before the body is read: another account's id stores nothing.
    conversation = await access_conversation(session, actor, display_id)
    body, uploads = await _read_reply(request, runtime.settings.attachment_max_bytes)
    files = await store_uploads(session, runtime.attachments, actor.account_id, uploads)
    message, created = await do_create_message(
        session,
        actor,
        conversation,
        content=body.content,
        message_type="outgoing",
        private=body.private,
        echo_id=body.echo_id,
        files=files,
    )
    view = MessageView(message=message, display_id=conversation.display_id, sender=actor.user)
    if files or not created:
        await attach_files(session, actor.account_id, [view])
    if not created:
        drop_resent_files(session, files)
    return {"message": message_json(view), "html": message_items_html([view])}


@router.post(PREFIX + "/status")
async def status(display_id: int, body: StatusIn, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_toggle_status(session, actor, conversation, status=body.status, snoozed_until=body.snoozed_until)
    return _done(conversation)


@router.post(PREFIX + "/assignee")
async def assignee(display_id: int, body: AssigneeIn, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_assign_agent(session, actor, conversation, body.assignee_id)
    return _done(conversation)


@router.post(PREFIX + "/team")
async def team(display_id: int, body: TeamIn, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_assign_team(session, actor, conversation, body.team_id)
    return _done(conversation)


@router.post(PREFIX + "/labels")
async def labels(display_id: int, body: LabelsIn, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    return {**_done(conversation), "labels": await do_set_labels(session, actor, conversation, body.labels or [])}


@router.post(PREFIX + "/priority")
async def priority(display_id: int, body: PriorityIn, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_set_priority(session, actor, conversation, body.priority)
    return _done(conversation)


@router.post(PREFIX + "/mute")
async def mute(display_id: int, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_mute(session, actor, conversation)
    return _done(conversation)


@router.post(PREFIX + "/unmute")
async def unmute(display_id: int, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_unmute(session, actor, conversation)
    return _done(conversation)


@router.post(PREFIX + "/typing")
async def typing(display_id: int, body: TypingIn, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_toggle_typing(session, actor, conversation, body.typing_status, body.is_private)
    return {}


@router.post(PREFIX + "/seen")
async def seen(display_id: int, session: DbSession, actor: WorkspaceActor) -> dict:
    conversation = await access_conversation(session, actor, display_id)
    await do_update_last_seen(session, actor, conversation)
    return _done(conversation)


@reads.get("/app/api/canned_responses")
async def canned_responses(session: DbSession, actor: WorkspaceActor, search: str | None = None) -> list[dict]:
    found = await list_canned_responses(session, actor.account_id, (search or "").strip()[:100] or None)
    return [{"id": c.id, "short_code": c.short_code, "content": c.content} for c in found[:8]]
