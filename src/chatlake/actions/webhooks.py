"""Account webhooks, and redelivery of any webhook delivery."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.audit import changes_between, record_audit
from chatlake.actions.checks import check_text, check_url
from chatlake.auth.actor import Actor
from chatlake.crypto import new_token
from chatlake.errors import InvalidField, NotFound, Unauthorized
from chatlake.events.catalogue import WEBHOOK_SUBSCRIPTIONS
from chatlake.events.outbox import EVENTS_RECORDED
from chatlake.models import Webhook, WebhookDelivery
from chatlake.queries.access import access_inbox

NOT_ALLOWED = "You are not authorized to do this action"


def _require_admin(actor: Actor) -> None:
    if not actor.is_administrator:
        raise Unauthorized(NOT_ALLOWED)


def check_subscriptions(value) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise InvalidField("Subscriptions must be a non-empty list of event names", ["subscriptions"])
    unknown = sorted(set(value) - set(WEBHOOK_SUBSCRIPTIONS))
    if unknown:
        raise InvalidField(f"Subscriptions has unknown events: {', '.join(unknown)}", ["subscriptions"])
    return list(dict.fromkeys(value))


async def _check_url_free(session: AsyncSession, actor: Actor, url: str, webhook_id: int | None = None) -> None:
    taken = await session.scalar(select(Webhook.id).where(Webhook.account_id == actor.account_id, Webhook.url == url))
    if taken is not None and taken != webhook_id:
        raise InvalidField("Url has already been taken", ["url"])


async def access_webhook(session: AsyncSession, actor: Actor, webhook_id: int) -> Webhook:
    webhook = await session.scalar(
        select(Webhook).where(Webhook.account_id == actor.account_id, Webhook.id == webhook_id)
    )
    if webhook is None:
        raise NotFound()
    return webhook


async def do_create_webhook(
    session: AsyncSession, actor: Actor, *, url, subscriptions, name=None, inbox_id=None
) -> Webhook:
    _require_admin(actor)
    url = check_url(url, "url")
    if url is None:
        raise InvalidField("Url can't be blank", ["url"])
    subscriptions = check_subscriptions(subscriptions)
    if inbox_id is not None:
        await access_inbox(session, actor, inbox_id)
    await _check_url_free(session, actor, url)
    webhook = Webhook(
        account_id=actor.account_id,
        url=url,
        name=check_text(name, "name"),
        subscriptions=subscriptions,
        inbox_id=inbox_id,
        secret=new_token(24),
        webhook_type=0,
    )
    session.add(webhook)
    await session.flush()
    await record_audit(session, actor, "create", webhook, _audited(webhook))
    return webhook


def _audited(webhook: Webhook) -> dict:
    """The audit log keeps a webhook's address and subscriptions, never its secret."""
    return {"url": webhook.url, "name": webhook.name, "subscriptions": list(webhook.subscriptions or [])}


async def do_update_webhook(session: AsyncSession, actor: Actor, webhook: Webhook, fields: dict) -> Webhook:
    _require_admin(actor)
    before = _audited(webhook)
    if "url" in fields:
        url = check_url(fields["url"], "url")
        if url is None:
            raise InvalidField("Url can't be blank", ["url"])
        await _check_url_free(session, actor, url, webhook.id)
        if url != webhook.url:
            # A new address is a fresh start for an endpoint that had been disabled.
            webhook.disabled_at = None
            webhook.disabled_reason = None
        webhook.url = url
    if "subscriptions" in fields:
        webhook.subscriptions = check_subscriptions(fields["subscriptions"])
    if "name" in fields:
        webhook.name = check_text(fields["name"], "name")
    if fields.get("enabled") is True:
        webhook.disabled_at = None
        webhook.disabled_reason = None
    await session.flush()
    audited = changes_between(before, _audited(webhook))
    if audited:
        await record_audit(session, actor, "update", webhook, audited)
    return webhook


async def do_delete_webhook(session: AsyncSession, actor: Actor, webhook: Webhook) -> None:
    _require_admin(actor)
    await record_audit(session, actor, "destroy", webhook, _audited(webhook))
    await session.delete(webhook)
    await session.flush()


async def do_redeliver(session: AsyncSession, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue the delivery's event again to the same endpoint, as a new delivery with its own id."""
    _require_admin(actor)
    again = WebhookDelivery(
        account_id=delivery.account_id,
        event_id=delivery.event_id,
        delivery_uuid=str(uuid.uuid4()),
        target_kind=delivery.target_kind,
        target_id=delivery.target_id,
        url=delivery.url,
        ordering_key=delivery.ordering_key,
    )
    session.add(again)
    await session.flush()
    session.info[EVENTS_RECORDED] = True
    return again
