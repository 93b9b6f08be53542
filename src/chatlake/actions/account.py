"""The caller's account: its name, locale, contact details, settings and custom attributes."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.administration import check_administrator, check_bool
from chatlake.actions.audit import changes_between, record_audit
from chatlake.actions.checks import check_email, check_json_object, check_text
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import Account

LOCALE_RE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z]{2,4})?")
AUTO_RESOLVE_MINUTES = (10, 1_439_856)
# Spec fields Chatwoot keeps inside custom_attributes.
CUSTOM_ATTRIBUTE_FIELDS = ("industry", "company_size", "timezone")


def check_locale(value) -> str:
    if not isinstance(value, str) or not LOCALE_RE.fullmatch(value):
        raise InvalidField("Locale is not a valid locale code (such as en or pt_BR)", ["locale"])
    return value


def check_auto_resolve_after(value) -> int | None:
    if value is None:
        return None
    low, high = AUTO_RESOLVE_MINUTES
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidField(f"auto_resolve_after must be minutes between {low} and {high}", ["auto_resolve_after"])
    return value


async def do_update_account(session: AsyncSession, actor: Actor, changes: dict) -> Account:
    """`changes` holds only the fields the caller sent; custom attributes are merged, not replaced."""
    check_administrator(actor)
    # In this session: the actor's account may be a snapshot kept from an earlier request.
    account = await session.get(Account, actor.account_id)
    before = _audited(account)
    updates: dict = {}
    if "name" in changes:
        updates["name"] = check_text(changes["name"], "name", required=True)
    if "locale" in changes:
        updates["locale"] = check_locale(changes["locale"])
    if "domain" in changes:
        updates["domain"] = check_text(changes["domain"], "domain") or None
    if "support_email" in changes:
        updates["support_email"] = check_email(changes["support_email"], "support_email")
    settings = dict(account.settings or {})
    if "auto_resolve_after" in changes:
        settings["auto_resolve_after"] = check_auto_resolve_after(changes["auto_resolve_after"])
    if "auto_resolve_message" in changes:
        settings["auto_resolve_message"] = check_text(
            changes["auto_resolve_message"], "auto_resolve_message", max_length=10_000
        )
    if "auto_resolve_ignore_waiting" in changes:
        value = changes["auto_resolve_ignore_waiting"]
        settings["auto_resolve_ignore_waiting"] = (
            None if value is None else check_bool(value, "auto_resolve_ignore_waiting")
        )
    custom = dict(account.custom_attributes or {})
    if "custom_attributes" in changes:
        custom.update(check_json_object(changes["custom_attributes"], "custom_attributes"))
    for field in CUSTOM_ATTRIBUTE_FIELDS:
        if field in changes:
            custom[field] = check_text(changes[field], field)
    for key, value in updates.items():
        setattr(account, key, value)
    # JSON columns are not change-tracked in place: assign new objects.
    account.settings = settings
    account.custom_attributes = custom
    await session.flush()
    changes = changes_between(before, _audited(account))
    if changes:
        await record_audit(session, actor, "update", account, changes)
    return account


def _audited(account: Account) -> dict:
    return {
        "name": account.name,
        "locale": account.locale,
        "domain": account.domain,
        "support_email": account.support_email,
        "settings": dict(account.settings or {}),
        "custom_attributes": dict(account.custom_attributes or {}),
    }
