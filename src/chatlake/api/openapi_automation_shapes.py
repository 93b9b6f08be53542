"""The JSON shapes of automation rules, for /api-docs/openapi.json only; see api/openapi_shapes.py and
docs/api.md "Automation rules". A rule is stored as checked: ids as numbers, labels lower-cased."""

from __future__ import annotations

from typing import Any

from chatlake.api.openapi_shapes import Shape


class AutomationConditionShape(Shape):
    attribute_key: str
    filter_operator: str
    values: list[Any]
    query_operator: str | None  # the last condition's joins nothing
    custom_attribute_type: str | None = None


class AutomationActionShape(Shape):
    action_name: str
    action_params: list[Any]  # agent and team ids are numbers, labels and texts strings


class AutomationRuleShape(Shape):
    id: int
    account_id: int
    name: str
    description: str | None
    event_name: str
    conditions: list[AutomationConditionShape]
    actions: list[AutomationActionShape]
    created_on: int
    active: bool
    secret: str  # Chatlake extension: signs its send_webhook_event posts


class AutomationRulePayloadShape(Shape):
    payload: AutomationRuleShape


class AutomationRulesPayloadShape(Shape):
    payload: list[AutomationRuleShape]
