"""Settings > Inboxes: API channels, their secrets, members and the delivery log of their webhook URL."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select
from starlette.responses import Response

from chatlake.actions.inbox_members import do_replace_inbox_members
from chatlake.actions.inboxes import do_create_inbox, do_update_inbox
from chatlake.actions.webhooks import do_redeliver
from chatlake.errors import NotFound
from chatlake.models import ChannelApi, Inbox
from chatlake.models.inbox import CHANNEL_API, CHANNEL_WEB_WIDGET
from chatlake.operations.webhook_url_check import webhook_url_warning
from chatlake.presenters.web_widgets import embed_snippet
from chatlake.queries.access import access_inbox
from chatlake.queries.agents import inbox_member_agents, list_agents
from chatlake.queries.deliveries import access_delivery, list_deliveries
from chatlake.queries.web_widgets import widget_of
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.pages.params import positive_int
from chatlake.web.pages.widget_settings_form import REPLY_TIME_CHOICES, day_rows, widget_update_fields
from chatlake.web.templating import render
from chatlake.working_week import DAY_NAMES, week_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])

INBOX_MISSING = "This inbox does not exist."


async def _inbox(session, actor, inbox_id: int) -> tuple[Inbox, ChannelApi | None]:
    try:
        return await access_inbox(session, actor, inbox_id)
    except NotFound:
        raise DashboardError(404, INBOX_MISSING) from None


@router.get("/app/settings")
async def settings_home(actor: AdministratorActor) -> Response:
    return see_other("/app/settings/inboxes")


@router.get("/app/settings/inboxes")
async def inbox_list(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    rows = await session.execute(
        select(Inbox, ChannelApi)
        .outerjoin(ChannelApi, (Inbox.channel_type == CHANNEL_API) & (ChannelApi.id == Inbox.channel_id))
        .where(Inbox.account_id == actor.account_id)
        .order_by(Inbox.id)
    )
    return render(
        request,
        "settings/inboxes.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="inboxes",
        inboxes=rows.all(),
    )


@router.post("/app/settings/inboxes")
async def inbox_create(request: Request, session: DbSession, actor: AdministratorActor) -> Response:
    form = await request.form()
    if form_values.text(form, "channel_type") == "web_widget":
        channel = {
            "type": "web_widget",
            **form_values.sent(form, "website_url", "widget_color", "welcome_title", "welcome_tagline"),
        }
        created = "Paste the embed snippet below into your site's pages."
    else:
        channel = {
            "type": "api",
            "webhook_url": form_values.text(form, "webhook_url"),
            "hmac_mandatory": form_values.checked(form, "hmac_mandatory"),
        }
        created = "Connect your API with the identifier and tokens below."
    with refused_back_to("/app/settings/inboxes", form):
        inbox, _channel = await do_create_inbox(session, actor, name=form_values.text(form, "name"), channel=channel)
    notice(request, f"Inbox “{inbox.name}” created. {created}")
    return see_other(f"/app/settings/inboxes/{inbox.id}")


@router.get("/app/settings/inboxes/{inbox_id:int}")
async def inbox_detail(
    request: Request, inbox_id: int, session: DbSession, actor: AdministratorActor, before: str | None = None
) -> Response:
    inbox, channel = await _inbox(session, actor, inbox_id)
    before_id = positive_int(before, "before")
    deliveries = (
        await list_deliveries(session, actor.account_id, "api_inbox", channel.id, before=before_id)
        if channel is not None
        else []
    )
    members = {user.id for user, _membership in await inbox_member_agents(session, actor.account_id, inbox.id)}
    widget = await widget_of(session, inbox)
    return render(
        request,
        "settings/inbox.html",
        user=actor.user,
        account=actor.account,
        current_page="settings",
        settings_area="inboxes",
        inbox=inbox,
        channel=channel,
        widget=widget,
        snippet=embed_snippet(widget, str(request.base_url).rstrip("/")) if widget else None,
        day_rows=day_rows(week_of(inbox)) if widget else [],
        reply_times=REPLY_TIME_CHOICES,
        agents=await list_agents(session, actor.account_id),
        member_ids=members,
        deliveries=deliveries,
        redeliver_base=f"/app/settings/inboxes/{inbox.id}/deliveries",
        log_url=f"/app/settings/inboxes/{inbox.id}",
        webhook_warning=await webhook_url_warning(
            request.app.state.runtime.http, channel.webhook_url if channel else None
        ),
        working_week=week_of(inbox),
        day_names=DAY_NAMES,
    )


@router.post("/app/settings/inboxes/{inbox_id:int}")
async def inbox_update(request: Request, inbox_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    inbox, channel = await _inbox(session, actor, inbox_id)
    form = await request.form()
    back = f"/app/settings/inboxes/{inbox.id}"
    if inbox.channel_type == CHANNEL_WEB_WIDGET:
        with refused_back_to(back, form):
            await do_update_inbox(session, actor, inbox, channel, widget_update_fields(form))
        notice(request, "Inbox saved.")
        return see_other(back)
    fields: dict = form_values.sent(form, "name", "greeting_message")
    for flag in ("enable_auto_assignment", "greeting_enabled", "lock_to_single_conversation"):
        fields[flag] = form_values.checked(form, flag)
    fields["channel"] = {
        "webhook_url": form_values.text(form, "webhook_url"),
        "hmac_mandatory": form_values.checked(form, "hmac_mandatory"),
    }
    with refused_back_to(back, form):
        await do_update_inbox(session, actor, inbox, channel, fields)
    notice(request, "Inbox saved.")
    return see_other(back)


@router.post("/app/settings/inboxes/{inbox_id:int}/members")
async def inbox_members(request: Request, inbox_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    inbox, _channel = await _inbox(session, actor, inbox_id)
    form = await request.form()
    back = f"/app/settings/inboxes/{inbox.id}"
    with refused_back_to(back):
        await do_replace_inbox_members(session, actor, inbox.id, form_values.ids(form, "user_ids"))
    notice(request, "Inbox members saved.")
    return see_other(back + "#members")


@router.post("/app/settings/inboxes/{inbox_id:int}/deliveries/{delivery_id:int}/redeliver")
async def inbox_redeliver(
    request: Request, inbox_id: int, delivery_id: int, session: DbSession, actor: AdministratorActor
) -> Response:
    inbox, channel = await _inbox(session, actor, inbox_id)
    back = f"/app/settings/inboxes/{inbox.id}"
    with refused_back_to(back):
        delivery = await access_delivery(
            session, actor.account_id, "api_inbox", channel.id if channel else 0, delivery_id
        )
        await do_redeliver(session, actor, delivery)
    notice(request, "Delivery queued again.")
    return see_other(back + "#deliveries")
