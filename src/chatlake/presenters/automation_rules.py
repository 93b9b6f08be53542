from __future__ import annotations

from chatlake.models import AutomationRule
from chatlake.presenters.common import unix


def automation_rule_json(rule: AutomationRule) -> dict:
    return {
        "id": rule.id,
        "account_id": rule.account_id,
        "name": rule.name,
        "description": rule.description,
        "event_name": rule.event_name,
        "conditions": rule.conditions,
        "actions": rule.actions,
        "created_on": unix(rule.created_at),
        "active": rule.active,
        # Chatlake extension: the key that signs its send_webhook_event posts (only administrators read rules).
        "secret": rule.secret,
    }
