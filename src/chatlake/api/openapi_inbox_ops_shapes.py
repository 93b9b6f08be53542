"""The JSON shapes of macros, participants and bulk actions, for /api-docs/openapi.json only (see
api/openapi_shapes.py). Chatwoot's spec documents none of these routes; the shapes are its controllers' views."""

from __future__ import annotations

from typing import Any, Literal

from chatlake.api.openapi_shapes import Shape, UserPushShape


class MacroActionShape(Shape):
    action_name: str
    action_params: list[Any]


class MacroShape(Shape):
    id: int
    name: str
    visibility: Literal["personal", "global"]
    account_id: int
    actions: list[MacroActionShape]
    created_at: str
    updated_at: str
    created_by: UserPushShape | None = None
    updated_by: UserPushShape | None = None


class MacroPayloadShape(Shape):
    payload: MacroShape


class MacrosPayloadShape(Shape):
    payload: list[MacroShape]


class MacroRequestShape(Shape):
    name: str
    visibility: Literal["personal", "global"] | None = None
    actions: list[MacroActionShape]


class MacroExecuteRequestShape(Shape):
    conversation_ids: list[int]


class ParticipantsRequestShape(Shape):
    user_ids: list[int]


class BulkLabelsShape(Shape):
    add: list[str] | None = None
    remove: list[str] | None = None


class BulkFieldsShape(Shape):
    status: Literal["open", "resolved", "pending", "snoozed"] | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    snoozed_until: int | None = None


class BulkActionRequestShape(Shape):
    type: Literal["Conversation", "Contact"]
    ids: list[int]
    fields: BulkFieldsShape | None = None
    labels: BulkLabelsShape | None = None
