"""An automation's send_webhook_event: the conversation, posted to the rule's URL by the delivery worker."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.events.outbox import record_event
from chatlake.models import AutomationRule, Conversation
from chatlake.presenters.conversations import conversation_webhook
from chatlake.queries.conversations import load_views

AUTOMATION_TARGET = "automation_rule"


async def do_send_automation_webhook(
    session: AsyncSession, actor: Actor, rule: AutomationRule, conversation: Conversation, rule_event: str, url: str
) -> None:
    """Recorded as an event `automation_event.<event>` (Chatwoot's name) with one delivery, so it is sent at
    least once, signed with the rule's secret, retried and in order with the conversation's other posts."""
    (view,) = await load_views(session, conversation.account_id, [conversation])
    event = await record_event(
        session,
        account_id=conversation.account_id,
        name=f"automation_event.{rule_event}",
        payload=conversation_webhook(view),
        inbox_id=conversation.inbox_id,
        conversation_id=conversation.id,
    )
    event.deliver_to(AUTOMATION_TARGET, rule.id, url)
