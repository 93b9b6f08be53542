"""Integration hooks: an account's (or one inbox's) connection to an app. Administrators only (Chatwoot's
HookPolicy)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator
from chatlake.actions.assignments import check_id
from chatlake.actions.checks import check_json_object, check_text, check_url
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.integration_apps import APPS, INBOX_HOOK, App
from chatlake.models import IntegrationHook
from chatlake.models.integration_hook import HOOK_DISABLED, HOOK_ENABLED
from chatlake.queries.access import access_inbox
from chatlake.queries.integration_hooks import access_hook, hook_count

MAX_SETTINGS_KEYS = 50


def check_app(value) -> App:
    app = APPS.get(value) if isinstance(value, str) else None
    if app is None:
        raise InvalidField(f"App must be one of {', '.join(APPS)}", ["app_id"])
    if app.managed_at is not None:
        raise InvalidField(f"{app.name} are managed at {app.managed_at}", ["app_id"])
    return app


def check_status(value) -> int:
    """1 or true: enabled; 0 or false: disabled (the spec sends integers, Chatwoot answers booleans)."""
    if value in (1, True, "1", "enabled"):
        return HOOK_ENABLED
    if value in (0, False, "0", "disabled"):
        return HOOK_DISABLED
    raise InvalidField("Status must be 1 (enabled) or 0 (disabled)", ["status"])


def check_settings(app: App, value) -> dict:
    settings = check_json_object(value, "settings")
    if len(settings) > MAX_SETTINGS_KEYS:
        raise InvalidField("settings has too many keys", ["settings"])
    if app.id == "dashboard_apps":
        if not isinstance(settings.get("title"), str) or check_text(settings["title"], "settings") is None:
            raise InvalidField("settings.title is required", ["settings"])
        if not isinstance(settings.get("url"), str) or check_url(settings["url"], "settings") is None:
            raise InvalidField("settings.url must be an http(s) URL", ["settings"])
    return settings


async def do_create_hook(session: AsyncSession, actor: Actor, fields: dict) -> IntegrationHook:
    check_administrator(actor)
    app = check_app(fields.get("app_id"))
    inbox_id = check_id(fields.get("inbox_id"), "inbox_id")
    if app.hook_type == INBOX_HOOK and inbox_id is None:
        raise InvalidField(f"{app.name} hooks belong to an inbox", ["inbox_id"])
    inbox = (await access_inbox(session, actor, inbox_id))[0] if inbox_id is not None else None
    settings = check_settings(app, fields.get("settings"))
    status = HOOK_ENABLED if fields.get("status") is None else check_status(fields["status"])
    if not app.allow_multiple_hooks and await hook_count(session, actor.account_id, app.id):
        raise InvalidField(f"{app.name} is already connected", ["app_id"])
    hook = IntegrationHook(
        account_id=actor.account_id,
        app_id=app.id,
        inbox_id=inbox.id if inbox else None,
        hook_type=INBOX_HOOK if inbox is not None else app.hook_type,
        status=status,
        settings=settings,
    )
    session.add(hook)
    await session.flush()
    return hook


async def do_update_hook(session: AsyncSession, actor: Actor, hook_id: int, changes: dict) -> IntegrationHook:
    """Only `status` and `settings` change, as in Chatwoot."""
    check_administrator(actor)
    hook = await access_hook(session, actor.account_id, hook_id)
    if changes.get("status") is not None:
        hook.status = check_status(changes["status"])
    if "settings" in changes:
        hook.settings = check_settings(APPS[hook.app_id], changes["settings"])
    await session.flush()
    return hook


async def do_delete_hook(session: AsyncSession, actor: Actor, hook_id: int) -> None:
    check_administrator(actor)
    hook = await access_hook(session, actor.account_id, hook_id)
    await session.delete(hook)
    await session.flush()
