"""Macros: saved action lists a member runs on conversations (Chatwoot's Macro and MacroPolicy).

Every member may create macros; an agent's are always personal (as Chatwoot). A personal macro is seen, run,
changed and deleted by its author only; a global one is seen and run by every member and changed or deleted
by an administrator or its author. Actions are checked when saved (ids resolved in the caller's account)
and again when run, through the ordinary do_* actions (actions/macro_runner.py).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import NOT_AUTHORIZED
from chatlake.actions.assignments import check_id
from chatlake.actions.automation_rules import action_params, one_param
from chatlake.actions.checks import check_text
from chatlake.actions.conversation_attributes import check_labels, check_priority
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, Unauthorized
from chatlake.models import Macro
from chatlake.models.conversation import PRIORITY_NAMES, STATUSES
from chatlake.models.macro import MACRO_VISIBILITIES
from chatlake.models.message import MAX_CONTENT_LENGTH
from chatlake.queries.access import access_agent, access_team
from chatlake.queries.macros import access_macro

ACTION_NAMES = (
    "assign_agent",
    "assign_team",
    "remove_assigned_agent",
    "remove_assigned_team",
    "add_label",
    "remove_label",
    "send_message",
    "add_private_note",
    "change_priority",
    "change_status",
    "snooze_conversation",
    "resolve_conversation",
    "mute_conversation",
)
WITHOUT_PARAMS = (
    "remove_assigned_agent",
    "remove_assigned_team",
    "snooze_conversation",
    "resolve_conversation",
    "mute_conversation",
)
SELF = "self"  # assign_agent's parameter for "whoever runs the macro"
MAX_ACTIONS = 30


def _refuse(message: str):
    raise InvalidField(message, ["actions"])


async def _check_action(session: AsyncSession, actor: Actor, item) -> dict:
    if not isinstance(item, dict):
        _refuse("Each action must be an object with action_name and action_params")
    name = item.get("action_name")
    if name not in ACTION_NAMES:
        _refuse(f"Macro action {str(name)[:50]} is not supported; use one of {', '.join(ACTION_NAMES)}")
    params = action_params(item)
    if name in WITHOUT_PARAMS:
        return {"action_name": name, "action_params": []}
    if name == "assign_agent" and one_param(name, params) == SELF:
        return {"action_name": name, "action_params": [SELF]}
    if name in ("assign_agent", "assign_team"):
        target_id = check_id(one_param(name, params), "actions")
        if target_id is None:
            _refuse(f"{name} needs the id of an {'agent' if name == 'assign_agent' else 'team'}")
        await (access_agent if name == "assign_agent" else access_team)(session, actor, target_id)
        return {"action_name": name, "action_params": [target_id]}
    if name in ("add_label", "remove_label"):
        try:
            labels = check_labels(params)
        except InvalidField as exc:
            _refuse(exc.message)
        if not labels:
            _refuse(f"{name} needs at least one label")
        return {"action_name": name, "action_params": labels}
    if name in ("send_message", "add_private_note"):
        content = one_param(name, params)
        if not isinstance(content, str) or not content.strip() or len(content) > MAX_CONTENT_LENGTH:
            _refuse(f"{name} needs the message text")
        return {"action_name": name, "action_params": [content]}
    if name == "change_status":
        status = one_param(name, params)
        if status not in STATUSES:
            _refuse(f"change_status needs one of {', '.join(STATUSES)}")
        return {"action_name": name, "action_params": [status]}
    # change_priority
    try:
        priority = check_priority(one_param(name, params))
    except InvalidField as exc:
        _refuse(exc.message)
    return {"action_name": name, "action_params": [PRIORITY_NAMES.get(priority, "none")]}


async def check_macro_actions(session: AsyncSession, actor: Actor, value) -> list[dict]:
    if not isinstance(value, list) or not value:
        _refuse("Actions must be a non-empty list")
    if len(value) > MAX_ACTIONS:
        _refuse(f"At most {MAX_ACTIONS} actions are allowed")
    return [await _check_action(session, actor, item) for item in value]


def check_visibility(actor: Actor, value) -> int:
    if value in (None, ""):
        return MACRO_VISIBILITIES["personal"]
    if value not in MACRO_VISIBILITIES:
        raise InvalidField("Visibility must be personal or global", ["visibility"])
    # An agent's macros are personal whatever they ask (Chatwoot's set_visibility).
    return MACRO_VISIBILITIES[value] if actor.is_administrator else MACRO_VISIBILITIES["personal"]


def check_may_change(actor: Actor, macro: Macro) -> None:
    if macro.created_by_id == actor.user.id:
        return
    if macro.visibility == MACRO_VISIBILITIES["global"] and actor.is_administrator:
        return
    raise Unauthorized(NOT_AUTHORIZED)


async def do_create_macro(session: AsyncSession, actor: Actor, *, name, visibility, actions) -> Macro:
    macro = Macro(
        account_id=actor.account_id,
        name=check_text(name, "name", required=True),
        visibility=check_visibility(actor, visibility),
        actions=await check_macro_actions(session, actor, actions),
        created_by_id=actor.user.id,
        updated_by_id=actor.user.id,
    )
    session.add(macro)
    await session.flush()
    return macro


async def do_update_macro(session: AsyncSession, actor: Actor, macro_id: int, changes: dict) -> Macro:
    """`changes` holds only the fields the caller sent: name, visibility, actions."""
    macro = await access_macro(session, actor, macro_id)
    check_may_change(actor, macro)
    if "name" in changes:
        macro.name = check_text(changes["name"], "name", required=True)
    if "visibility" in changes:
        macro.visibility = check_visibility(actor, changes["visibility"])
    if "actions" in changes:
        macro.actions = await check_macro_actions(session, actor, changes["actions"])
    macro.updated_by_id = actor.user.id
    await session.flush()
    return macro


async def do_delete_macro(session: AsyncSession, actor: Actor, macro_id: int) -> None:
    macro = await access_macro(session, actor, macro_id)
    check_may_change(actor, macro)
    await session.delete(macro)
    await session.flush()
