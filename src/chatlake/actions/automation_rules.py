"""Automation rules of an account: administrators only (Chatwoot's AutomationRulePolicy, reads included)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake import crypto
from chatlake.actions.administration import check_administrator, check_bool
from chatlake.actions.assignments import check_id
from chatlake.actions.audit import changes_between, record_audit
from chatlake.actions.checks import check_text, check_url
from chatlake.actions.conversation_attributes import check_labels, check_priority
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, NotFound
from chatlake.models import AutomationRule
from chatlake.models.conversation import PRIORITY_NAMES
from chatlake.models.message import MAX_CONTENT_LENGTH
from chatlake.queries.access import access_agent, access_team
from chatlake.queries.automation_conditions import EVENT_NAMES, conditions_clause, parse_conditions, stored_conditions
from chatlake.queries.automation_rules import access_automation_rule

# What a rule may do, each through the actions layer (actions/automation_runner.py). Chatwoot's
# send_email_to_team, send_attachment and send_email_transcript are not offered: Chatlake sends no email.
ACTION_NAMES = (
    "assign_agent",
    "assign_team",
    "add_label",
    "remove_label",
    "send_message",
    "resolve_conversation",
    "snooze_conversation",
    "change_priority",
    "mute_conversation",
    "send_webhook_event",
)
WITHOUT_PARAMS = ("resolve_conversation", "snooze_conversation", "mute_conversation")
MAX_ACTIONS = 20
DESCRIPTION_MAX = 10_000


def _refuse(message: str):
    raise InvalidField(message, ["actions"])


def check_event_name(value) -> str:
    if value not in EVENT_NAMES:
        raise InvalidField(f"Event name must be one of {', '.join(EVENT_NAMES)}", ["event_name"])
    return value


def action_params(item: dict) -> list:
    """An action's parameters as a list (a single value is a list of one), for rules and macros alike."""
    params = item.get("action_params")
    if params is None:
        return []
    return params if isinstance(params, list) else [params]


def one_param(name: str, params: list):
    if len(params) != 1:
        _refuse(f"{name} takes exactly one parameter")
    return params[0]


async def _check_action(session: AsyncSession, actor: Actor, item) -> dict:
    if not isinstance(item, dict):
        _refuse("Each action must be an object with action_name and action_params")
    name = item.get("action_name")
    if name not in ACTION_NAMES:
        _refuse(f"Automation action {str(name)[:50]} is not supported; use one of {', '.join(ACTION_NAMES)}")
    params = action_params(item)
    if name in WITHOUT_PARAMS:
        return {"action_name": name, "action_params": []}
    if name in ("assign_agent", "assign_team"):
        try:
            target_id = check_id(one_param(name, params), "actions")
        except NotFound:
            raise NotFound() from None
        if target_id is None:
            _refuse(f"{name} needs the id of an {'agent' if name == 'assign_agent' else 'team'}")
        # Ids are resolved in the caller's account now (another account's is a 404) and again when run.
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
    if name == "send_message":
        content = one_param(name, params)
        if not isinstance(content, str) or not content.strip() or len(content) > MAX_CONTENT_LENGTH:
            _refuse("send_message needs the message text")
        return {"action_name": name, "action_params": [content]}
    if name == "change_priority":
        try:
            priority = check_priority(one_param(name, params))
        except InvalidField as exc:
            _refuse(exc.message)
        return {"action_name": name, "action_params": [PRIORITY_NAMES.get(priority, "none")]}
    # send_webhook_event
    try:
        url = check_url(one_param(name, params), "actions")
    except InvalidField as exc:
        _refuse(exc.message)
    if url is None:
        _refuse("send_webhook_event needs the URL to post to")
    return {"action_name": name, "action_params": [url]}


async def check_actions(session: AsyncSession, actor: Actor, value) -> list[dict]:
    if not isinstance(value, list) or not value:
        _refuse("Actions must be a non-empty list")
    if len(value) > MAX_ACTIONS:
        _refuse(f"At most {MAX_ACTIONS} actions are allowed")
    return [await _check_action(session, actor, item) for item in value]


async def _check_conditions(session: AsyncSession, actor: Actor, value, event_name: str) -> list[dict]:
    conditions = parse_conditions(value, event_name)
    await conditions_clause(session, actor.account_id, conditions)  # checks operators and values
    return stored_conditions(conditions)


def _audit_fields(rule: AutomationRule) -> dict:
    return {
        "name": rule.name,
        "event_name": rule.event_name,
        "active": rule.active,
        "conditions": rule.conditions,
        "actions": rule.actions,
    }


async def do_create_automation_rule(session: AsyncSession, actor: Actor, fields: dict) -> AutomationRule:
    check_administrator(actor)
    event_name = check_event_name(fields.get("event_name"))
    rule = AutomationRule(
        account_id=actor.account_id,
        name=check_text(fields.get("name"), "name", required=True).strip(),
        description=check_text(fields.get("description"), "description", max_length=DESCRIPTION_MAX),
        event_name=event_name,
        conditions=await _check_conditions(session, actor, fields.get("conditions"), event_name),
        actions=await check_actions(session, actor, fields.get("actions")),
        active=True if fields.get("active") is None else check_bool(fields["active"], "active"),
        secret=crypto.new_token(24),
    )
    session.add(rule)
    await session.flush()
    await record_audit(session, actor, "create", rule, _audit_fields(rule))
    return rule


async def do_update_automation_rule(session: AsyncSession, actor: Actor, rule_id: int, changes: dict) -> AutomationRule:
    """Only the fields sent change; conditions are checked again against the (new) event."""
    check_administrator(actor)
    rule = await access_automation_rule(session, actor.account_id, rule_id)
    before = _audit_fields(rule)
    if "name" in changes:
        rule.name = check_text(changes["name"], "name", required=True).strip()
    if "description" in changes:
        rule.description = check_text(changes["description"], "description", max_length=DESCRIPTION_MAX)
    if changes.get("active") is not None:
        rule.active = check_bool(changes["active"], "active")
    if "event_name" in changes:
        rule.event_name = check_event_name(changes["event_name"])
    if "conditions" in changes or "event_name" in changes:
        rule.conditions = await _check_conditions(
            session, actor, changes.get("conditions", rule.conditions), rule.event_name
        )
    if "actions" in changes:
        rule.actions = await check_actions(session, actor, changes["actions"])
    await session.flush()
    after = _audit_fields(rule)
    diff = changes_between(before, after)
    if diff:
        await record_audit(session, actor, "update", rule, diff)
    return rule


async def do_delete_automation_rule(session: AsyncSession, actor: Actor, rule_id: int) -> None:
    check_administrator(actor)
    rule = await access_automation_rule(session, actor.account_id, rule_id)
    await record_audit(session, actor, "destroy", rule, _audit_fields(rule))
    await session.delete(rule)
    await session.flush()
