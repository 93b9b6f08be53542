"""What the conversation view shows besides its messages: the conversation and the choices of its actions."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import NotFound
from chatlake.models import Conversation
from chatlake.models.conversation import PRIORITY_NAMES
from chatlake.queries import conversations as conversation_queries
from chatlake.queries.access import access_conversation
from chatlake.queries.agents import list_agents
from chatlake.queries.labels import list_labels
from chatlake.queries.workspace_choices import account_teams
from chatlake.web.errors import DashboardError


async def visible_conversation(session: AsyncSession, actor: Actor, display_id: int) -> Conversation:
    try:
        return await access_conversation(session, actor, display_id)
    except NotFound:
        raise DashboardError(404, "This conversation does not exist, or you cannot see it.") from None


async def conversation_context(session: AsyncSession, actor: Actor, conversation: Conversation) -> dict:
    (view,) = await conversation_queries.load_views(session, actor.account_id, [conversation])
    defined = [label.title for label in await list_labels(session, actor.account_id)]
    return {
        "view": view,
        "agents": await list_agents(session, actor.account_id),
        "teams": await account_teams(session, actor.account_id),
        # Labels set through the API need not be defined in the account; they are shown too.
        "label_choices": defined + [title for title in view.labels if title not in defined],
        "priority": PRIORITY_NAMES.get(conversation.priority) if conversation.priority is not None else None,
    }
