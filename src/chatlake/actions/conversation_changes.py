"""What every change to a conversation does after writing: an activity note and the events it records."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.conversations import record_conversation_events
from chatlake.actions.messages import do_create_activity
from chatlake.auth.actor import AnyActor
from chatlake.events import types
from chatlake.models import ChannelApi, Conversation, Inbox
from chatlake.models.inbox import CHANNEL_API
from chatlake.presenters.conversations import ConversationView
from chatlake.queries.conversations import load_views


@dataclass
class ConversationChange:
    """A conversation being changed by an actor, with the inbox and API channel its events go to."""

    actor: AnyActor
    conversation: Conversation
    inbox: Inbox
    channel: ChannelApi | None

    @property
    def actor_name(self) -> str:
        return self.actor.name

    async def note(self, session: AsyncSession, content: str) -> None:
        await do_create_activity(session, self.actor.account, self.inbox, self.channel, self.conversation, content)

    async def updated(
        self,
        session: AsyncSession,
        changed_attributes: list[dict],
        also: tuple[type[types.ConversationEvent], ...] = (),
    ) -> ConversationView:
        """conversation_updated, and `also` the dashboard's own events of this change (assignee.changed, ...).
        Returns the conversation's view as the events show it."""
        (view,) = await load_views(session, self.conversation.account_id, [self.conversation])
        events = [(types.ConversationUpdated, changed_attributes)] + [(event, None) for event in also]
        await record_conversation_events(session, self.conversation, self.channel, view, events)
        return view


async def begin_change(session: AsyncSession, actor: AnyActor, conversation: Conversation) -> ConversationChange:
    inbox, channel = (
        await session.execute(
            select(Inbox, ChannelApi)
            .outerjoin(ChannelApi, (Inbox.channel_type == CHANNEL_API) & (ChannelApi.id == Inbox.channel_id))
            .where(Inbox.account_id == conversation.account_id, Inbox.id == conversation.inbox_id)
        )
    ).one()
    return ConversationChange(actor, conversation, inbox, channel)


def changed(attribute: str, previous, current) -> dict:
    """One entry of a webhook's `changed_attributes`."""
    return {attribute: {"previous_value": previous, "current_value": current}}
