"""Running automation rules on the events a transaction recorded, before it commits.

The request edge calls `run_automations` after the handler's actions and before the commit, so a rule's
changes are stored with the change that set them off, or not at all. Rules act through the actions layer
with an automation actor; each action runs in a savepoint, so one that cannot be carried out any more (an
agent removed since the rule was saved) is skipped without undoing the customer's message or the other
actions. Events recorded while rules run are never fed back to rules: an automation's own changes do not
set off automations, which rules out loops (as Chatwoot ignores events performed by automations).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.assignments import do_assign_agent, do_assign_team
from chatlake.actions.automation_webhooks import do_send_automation_webhook
from chatlake.actions.conversation_attributes import do_mute, do_set_labels, do_set_priority, label_list
from chatlake.actions.conversation_status import do_toggle_status
from chatlake.actions.inbox_reactions import react_to_events
from chatlake.actions.messages import do_create_message
from chatlake.auth.actor import Actor
from chatlake.errors import ChatlakeError
from chatlake.events import catalogue
from chatlake.events.outbox import RECORDED_EVENTS, PendingEvent, savepoint
from chatlake.models import Account, AutomationRule, Conversation, User
from chatlake.models.user import ROLES
from chatlake.queries.automation_conditions import MESSAGE_EVENT, conditions_hold
from chatlake.queries.automation_rules import active_rules_for

log = logging.getLogger("chatlake.automation")

AUTOMATION_RUNNING = "chatlake.automation_running"
AUTOMATION_NAME = "Automation System"


@dataclass(frozen=True)
class Trigger:
    account_id: int
    rule_event: str
    conversation_id: int
    message_id: int | None


def rule_events_of(event: PendingEvent) -> list[str]:
    """The rule events a recorded domain event stands for (a status change is also an update, as in Chatwoot)."""
    if event.conversation_id is None:
        return []
    if event.name in (catalogue.CONVERSATION_CREATED, catalogue.CONVERSATION_UPDATED):
        return [event.name]
    if event.name == catalogue.CONVERSATION_STATUS_CHANGED:
        status = (event.payload or {}).get("status")
        named = {"open": ["conversation_opened"], "resolved": ["conversation_resolved"]}.get(status, [])
        return ["conversation_updated", *named]
    if event.name == catalogue.MESSAGE_CREATED and (event.payload or {}).get("message_type") != "activity":
        return [MESSAGE_EVENT]
    return []


def _triggers(events: list[PendingEvent]) -> list[Trigger]:
    seen: set[tuple] = set()
    triggers = []
    for event in events:
        for rule_event in rule_events_of(event):
            message_id = event.payload.get("id") if rule_event == MESSAGE_EVENT else None
            key = (event.account_id, rule_event, event.conversation_id, message_id)
            if key not in seen:
                seen.add(key)
                triggers.append(Trigger(event.account_id, rule_event, event.conversation_id, message_id))
    return triggers


def automation_actor(account: Account, rule: AutomationRule) -> Actor:
    """Acts with an administrator's reach inside the account, as no user (never added to the session)."""
    system = User(name=AUTOMATION_NAME, email="automation@chatlake.invalid", display_name=AUTOMATION_NAME)
    return Actor(user=system, account=account, role=ROLES["administrator"], automation_rule_id=rule.id)


async def run_automations(session: AsyncSession) -> None:
    """Run the active rules matching the events this transaction recorded so far (once per transaction edge)."""
    if session.info.get(AUTOMATION_RUNNING):
        return
    events = session.info.pop(RECORDED_EVENTS, None) or []
    # The inbox's own reactions first (auto-assignment, out-of-office, greeting), in this transaction too.
    await react_to_events(session, events)
    triggers = _triggers(events)
    if not triggers:
        return
    session.info[AUTOMATION_RUNNING] = True
    try:
        # One statement per account for every trigger: the message-create hot path pays one lookup.
        rules: dict[tuple[int, str], list[AutomationRule]] = {}
        for account_id in dict.fromkeys(t.account_id for t in triggers):
            events = {t.rule_event for t in triggers if t.account_id == account_id}
            for rule in await active_rules_for(session, account_id, events):
                rules.setdefault((account_id, rule.event_name), []).append(rule)
        accounts: dict[int, Account] = {}
        for trigger in triggers:
            for rule in rules.get((trigger.account_id, trigger.rule_event), []):
                if trigger.account_id not in accounts:
                    accounts[trigger.account_id] = await session.get(Account, trigger.account_id)
                await _run_rule(session, accounts[trigger.account_id], rule, trigger)
    finally:
        # What the rules themselves recorded is not fed back to rules.
        session.info.pop(RECORDED_EVENTS, None)
        session.info[AUTOMATION_RUNNING] = False


async def _conversation(session: AsyncSession, trigger: Trigger) -> Conversation | None:
    return await session.scalar(
        select(Conversation).where(
            Conversation.account_id == trigger.account_id, Conversation.id == trigger.conversation_id
        )
    )


async def _run_rule(session: AsyncSession, account: Account, rule: AutomationRule, trigger: Trigger) -> None:
    try:
        matches = await conditions_hold(
            session, trigger.account_id, rule.conditions, trigger.conversation_id, trigger.message_id
        )
    except ChatlakeError as exc:
        # A condition that no longer checks (its custom attribute was redefined): the rule cannot match.
        log.warning("automation rule %s skipped: %s", rule.id, exc.message)
        return
    if not matches:
        return
    actor = automation_actor(account, rule)
    for action in rule.actions:
        try:
            async with savepoint(session):
                conversation = await _conversation(session, trigger)
                if conversation is None:
                    return
                await _perform(session, actor, rule, conversation, action, trigger)
        except ChatlakeError as exc:
            log.warning("automation rule %s: %s skipped: %s", rule.id, action.get("action_name"), exc.message)


async def _perform(
    session: AsyncSession, actor: Actor, rule: AutomationRule, conversation: Conversation, action: dict, trigger
) -> None:
    name, params = action["action_name"], action.get("action_params") or []
    if name == "add_label":
        current = label_list(conversation)
        await do_set_labels(session, actor, conversation, current + [p for p in params if p not in current])
    elif name == "remove_label":
        await do_set_labels(session, actor, conversation, [p for p in label_list(conversation) if p not in params])
    elif name == "assign_agent":
        await do_assign_agent(session, actor, conversation, params[0])
    elif name == "assign_team":
        await do_assign_team(session, actor, conversation, params[0])
    elif name == "send_message":
        await do_create_message(
            session,
            actor,
            conversation,
            content=params[0],
            message_type="outgoing",
            content_attributes={"automation_rule_id": rule.id},
        )
    elif name == "resolve_conversation":
        await do_toggle_status(session, actor, conversation, status="resolved")
    elif name == "snooze_conversation":
        await do_toggle_status(session, actor, conversation, status="snoozed")
    elif name == "mute_conversation":
        await do_mute(session, actor, conversation)
    elif name == "change_priority":
        await do_set_priority(session, actor, conversation, params[0])
    elif name == "send_webhook_event":
        await do_send_automation_webhook(session, actor, rule, conversation, trigger.rule_event, params[0])
    else:
        log.warning("automation rule %s: unknown action %s", rule.id, name)
