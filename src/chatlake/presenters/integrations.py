"""Chatwoot's integration app and hook JSON; hook settings (credentials) only for administrators."""

from __future__ import annotations

from chatlake.integration_apps import App
from chatlake.models import IntegrationHook
from chatlake.models.integration_hook import HOOK_ENABLED


def hook_json(hook: IntegrationHook, inbox_name: str | None, *, administrator: bool) -> dict:
    body = {
        "id": hook.id,
        "app_id": hook.app_id,
        "status": hook.status == HOOK_ENABLED,
        "inbox": None if hook.inbox_id is None else {"id": hook.inbox_id, "name": inbox_name},
        "inbox_id": hook.inbox_id,
        "account_id": hook.account_id,
        "hook_type": hook.hook_type,
    }
    if administrator:
        body["settings"] = hook.settings or {}
    return body


def app_json(app: App, hooks: list[dict], enabled: bool) -> dict:
    return {
        "id": app.id,
        "name": app.name,
        "description": app.description,
        "hook_type": app.hook_type,
        "allow_multiple_hooks": app.allow_multiple_hooks,
        "enabled": enabled,
        "hooks": hooks,
    }
