"""The JSON shapes of agent bots, for /api-docs/openapi.json only; see api/openapi_shapes.py and docs/api.md
"Agent bots"."""

from __future__ import annotations

from chatlake.api.openapi_shapes import Json, Shape


class AgentBotShape(Shape):
    id: int
    name: str
    description: str | None
    thumbnail: str
    outgoing_url: str | None  # null for system bots
    bot_type: str  # "webhook"
    bot_config: Json
    account_id: int | None  # null for system bots
    system_bot: bool
    # Credentials: only administrators of the bot's own account see them.
    access_token: str | None = None
    secret: str | None = None


class InboxAgentBotShape(Shape):
    agent_bot: AgentBotShape | None
