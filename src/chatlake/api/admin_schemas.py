"""Request bodies of the account-administration endpoints.

Chatwoot's controllers read `params.require(:label)` and the like, and Rails also wraps a flat JSON
body under that key; so both `{"title": ...}` and `{"label": {"title": ...}}` are accepted here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import model_validator

from chatlake.api.schemas import Body


class Wrapped(Body):
    wrapper: ClassVar[str] = ""

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, data):
        if isinstance(data, dict) and isinstance(data.get(cls.wrapper), dict):
            return {**{k: v for k, v in data.items() if k != cls.wrapper}, **data[cls.wrapper]}
        return data

    def changes(self) -> dict:
        """Only the fields the caller sent, for partial updates."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class AgentIn(Wrapped):
    wrapper = "agent"
    name: str | None = None
    email: str | None = None
    role: str | None = None
    availability_status: str | None = None
    availability: str | None = None
    auto_offline: bool | None = None

    @property
    def availability_value(self) -> str | None:
        return self.availability_status if self.availability_status is not None else self.availability


class TeamIn(Wrapped):
    wrapper = "team"
    name: str | None = None
    description: str | None = None
    allow_auto_assign: bool | None = None


class UserIds(Body):
    user_ids: list[int]


class InboxMembersIn(UserIds):
    inbox_id: int


class LabelIn(Wrapped):
    wrapper = "label"
    title: str | None = None
    description: str | None = None
    color: str | None = None
    show_on_sidebar: bool | None = None


class CannedResponseIn(Wrapped):
    wrapper = "canned_response"
    short_code: str | None = None
    content: str | None = None


class AccountIn(Body):
    name: str | None = None
    locale: str | None = None
    domain: str | None = None
    support_email: str | None = None
    auto_resolve_after: int | None = None
    auto_resolve_message: str | None = None
    auto_resolve_ignore_waiting: bool | None = None
    industry: str | None = None
    company_size: str | None = None
    timezone: str | None = None
    # Validated by the action (an object, or a JSON string of one), so the 422 names the field plainly.
    custom_attributes: Any = None

    def changes(self) -> dict:
        return {name: getattr(self, name) for name in self.model_fields_set}
