"""The integration apps Chatlake offers, and what a hook of each must carry in its settings.

Chatwoot's catalogue (`config/integration/apps.yml`) lists apps backed by code of their own (Slack,
Dialogflow, …). Chatlake lists only what it really provides, so `enabled` never promises behaviour that
does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

ACCOUNT_HOOK, INBOX_HOOK = "account", "inbox"


@dataclass(frozen=True)
class App:
    id: str
    name: str
    description: str
    hook_type: str
    allow_multiple_hooks: bool
    # Hooks of this app are made through this endpoint; None: through …/integrations/hooks.
    managed_at: str | None = None


APPS: dict[str, App] = {
    app.id: app
    for app in (
        App(
            id="webhook",
            name="Webhooks",
            description="Send signed events about conversations, messages and contacts to your own URLs.",
            hook_type=ACCOUNT_HOOK,
            allow_multiple_hooks=True,
            managed_at="/api/v1/accounts/{account_id}/webhooks",
        ),
        App(
            id="dashboard_apps",
            name="Dashboard Apps",
            description="Show a page of your own (settings: title, url) beside conversations in the dashboard.",
            hook_type=ACCOUNT_HOOK,
            allow_multiple_hooks=True,
        ),
    )
}
