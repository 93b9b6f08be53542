from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.integration_hooks import do_create_hook, do_delete_hook, do_update_hook
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.integration_apps import APPS
from chatlake.models.integration_hook import HOOK_ENABLED
from chatlake.presenters.integrations import app_json, hook_json
from chatlake.queries.integration_hooks import has_webhooks, hooks_by_app, inbox_names

router = APIRouter(prefix="/api/v1/accounts/{account_id}/integrations", tags=["Integrations"])


class HookIn(Wrapped):
    wrapper = "hook"
    app_id: Any = None
    inbox_id: Any = None
    status: Any = None
    settings: Any = None


@router.get("/apps")
async def apps(session: Session, actor: CurrentActor) -> dict:
    grouped, names = await hooks_by_app(session, actor.account_id)
    admin = actor.is_administrator
    payload = []
    for app in APPS.values():
        hooks = grouped.get(app.id, [])
        if app.id == "webhook":
            enabled = await has_webhooks(session, actor.account_id)
        else:
            enabled = any(h.status == HOOK_ENABLED for h in hooks)
        payload.append(
            app_json(app, [hook_json(h, names.get(h.inbox_id), administrator=admin) for h in hooks], enabled)
        )
    return {"payload": payload}


async def _hook_body(session, actor, hook) -> dict:
    names = await inbox_names(session, actor.account_id, {hook.inbox_id} if hook.inbox_id else set())
    return hook_json(hook, names.get(hook.inbox_id), administrator=actor.is_administrator)


@router.post("/hooks")
async def create_hook(body: HookIn, session: Session, actor: CurrentActor) -> dict:
    return await _hook_body(session, actor, await do_create_hook(session, actor, body.changes()))


@router.patch("/hooks/{hook_id}")
@router.put("/hooks/{hook_id}")
async def update_hook(hook_id: int, body: HookIn, session: Session, actor: CurrentActor) -> dict:
    return await _hook_body(session, actor, await do_update_hook(session, actor, hook_id, body.changes()))


@router.delete("/hooks/{hook_id}")
async def delete_hook(hook_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_hook(session, actor, hook_id)
    return Response(status_code=200)
