"""Settings > Webhooks: account webhooks, their delivery log and redelivery."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from starlette.responses import Response

from chatlake.actions.webhooks import (
    access_webhook,
    do_create_webhook,
    do_delete_webhook,
    do_redeliver,
    do_update_webhook,
)
from chatlake.errors import NotFound
from chatlake.events.catalogue import WEBHOOK_SUBSCRIPTIONS
from chatlake.models import Webhook
from chatlake.queries.deliveries import access_delivery, list_deliveries
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.pages.params import positive_int
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

LIST = "/app/settings/webhooks"


async def _webhook(session, actor, webhook_id: int) -> Webhook:
    try:
        return await access_webhook(session, actor, webhook_id)
    except NotFound:
        raise DashboardError(404, "This webhook does not exist.") from None


def _subscriptions(form) -> list[str]:
    return [value for value in form.getlist("subscriptions") if isinstance(value, str)]


@router.get(LIST)
async def webhook_list(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    webhooks = await session.scalars(select(Webhook).where(Webhook.account_id == actor.account_id).order_by(Webhook.id))
    return render(
        request,
        "settings/webhooks.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="webhooks",
        webhooks=list(webhooks),
        subscriptions=WEBHOOK_SUBSCRIPTIONS,
    )


@router.post(LIST)
async def webhook_create(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    with refused_back_to(LIST, form):
        webhook = await do_create_webhook(
            session,
            actor,
            url=form_values.text(form, "url"),
            name=form_values.text(form, "name") or None,
            subscriptions=_subscriptions(form),
        )
    notice(request, "Webhook created.")
    return see_other(f"{LIST}/{webhook.id}")


@router.get(LIST + "/{webhook_id:int}")
async def webhook_detail(
    request: Request, webhook_id: int, session: DbSession, actor: AdministratorActor, before: str | None = None
) -> Response:
    webhook = await _webhook(session, actor, webhook_id)
    deliveries = await list_deliveries(
        session, actor.account_id, "webhook", webhook.id, before=positive_int(before, "before")
    )
    return render(
        request,
        "settings/webhook.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="webhooks",
        webhook=webhook,
        subscriptions=WEBHOOK_SUBSCRIPTIONS,
        deliveries=deliveries,
        redeliver_base=f"{LIST}/{webhook.id}/deliveries",
        log_url=f"{LIST}/{webhook.id}",
    )


@router.post(LIST + "/{webhook_id:int}")
async def webhook_update(request: Request, webhook_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    webhook = await _webhook(session, actor, webhook_id)
    form = await request.form()
    back = f"{LIST}/{webhook.id}"
    fields = {
        "url": form_values.text(form, "url"),
        "name": form_values.text(form, "name") or None,
        "subscriptions": _subscriptions(form),
    }
    if form_values.checked(form, "enable"):
        fields["enabled"] = True
    with refused_back_to(back, form):
        await do_update_webhook(session, actor, webhook, fields)
    notice(request, "Webhook saved.")
    return see_other(back)


@router.post(LIST + "/{webhook_id:int}/delete")
async def webhook_delete(request: Request, webhook_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    webhook = await _webhook(session, actor, webhook_id)
    await do_delete_webhook(session, actor, webhook)
    notice(request, "Webhook deleted.")
    return see_other(LIST)


@router.post(LIST + "/{webhook_id:int}/deliveries/{delivery_id:int}/redeliver")
async def webhook_redeliver(
    request: Request, webhook_id: int, delivery_id: int, session: DbSession, actor: AdministratorActor
) -> Response:
    webhook = await _webhook(session, actor, webhook_id)
    back = f"{LIST}/{webhook.id}"
    with refused_back_to(back):
        delivery = await access_delivery(session, actor.account_id, "webhook", webhook.id, delivery_id)
        await do_redeliver(session, actor, delivery)
    notice(request, "Delivery queued again.")
    return see_other(back + "#deliveries")
