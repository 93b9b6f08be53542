"""The JSON shapes of the Platform API, for /api-docs/openapi.json only (see api/openapi_shapes.py)."""

from __future__ import annotations

from typing import Any

from chatlake.api.openapi_agent_bot_shapes import AgentBotShape
from chatlake.api.openapi_shapes import Json, Shape

PL = "/platform/api/v1"


class PlatformAccountShape(Shape):
    id: int
    name: str
    locale: str
    domain: str | None
    support_email: str | None
    status: str  # "active" | "suspended"
    features: Json
    limits: Json
    custom_attributes: Json
    created_at: str


class AccountUserShape(Shape):
    id: int
    account_id: int
    user_id: int
    role: str  # "agent" | "administrator"
    availability: str
    auto_offline: bool
    active_at: str | None
    created_at: str
    updated_at: str


class PlatformUserAccountShape(Shape):
    id: int
    name: str
    status: str
    role: str
    availability: str
    availability_status: str
    auto_offline: bool
    active_at: str | None
    permissions: list[str]


class PlatformUserShape(Shape):
    id: int
    access_token: str | None
    available_name: str
    email: str
    name: str
    display_name: str | None
    confirmed: bool
    pubsub_token: str
    uid: str
    provider: str
    ui_settings: Json
    custom_attributes: Json
    accounts: list[PlatformUserAccountShape]
    # Only for a user who belongs to an account: the first one's id and the role there.
    account_id: int | None = None
    role: str | None = None


class LoginLinkShape(Shape):
    url: str


RESPONSES: dict[tuple[str, str], Any] = {
    ("POST", PL + "/accounts"): PlatformAccountShape,
    ("GET", PL + "/accounts/{account_id}"): PlatformAccountShape,
    ("PATCH", PL + "/accounts/{account_id}"): PlatformAccountShape,
    ("GET", PL + "/accounts/{account_id}/account_users"): [AccountUserShape],
    ("POST", PL + "/accounts/{account_id}/account_users"): AccountUserShape,
    ("GET", PL + "/agent_bots"): [AgentBotShape],
    ("POST", PL + "/agent_bots"): AgentBotShape,
    ("GET", PL + "/agent_bots/{id}"): AgentBotShape,
    ("PATCH", PL + "/agent_bots/{id}"): AgentBotShape,
    ("POST", PL + "/users"): PlatformUserShape,
    ("GET", PL + "/users/{id}"): PlatformUserShape,
    ("PATCH", PL + "/users/{id}"): PlatformUserShape,
    ("GET", PL + "/users/{id}/login"): LoginLinkShape,
}
