from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.models import Contact, ContactInbox, Inbox

PAGE_SIZE = 15
SORTABLE = ("name", "email", "phone_number", "last_activity_at", "created_at")


async def contact_inboxes_of(
    session: AsyncSession, account_id: int, contact_ids: list[int]
) -> dict[int, list[tuple[ContactInbox, Inbox]]]:
    found: dict[int, list[tuple[ContactInbox, Inbox]]] = {cid: [] for cid in contact_ids}
    if not contact_ids:
        return found
    rows = await session.execute(
        select(ContactInbox, Inbox)
        .join(Inbox, Inbox.id == ContactInbox.inbox_id)
        .where(ContactInbox.account_id == account_id, ContactInbox.contact_id.in_(contact_ids))
        .order_by(ContactInbox.id)
    )
    for contact_inbox, inbox in rows:
        found[contact_inbox.contact_id].append((contact_inbox, inbox))
    return found


def escape_like(value: str) -> str:
    """A user's text inside a LIKE pattern matches literally: %, _ and the escape character are escaped."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def any_label_condition(labels: list[str]):
    """Contacts carrying any of the labels (Chatwoot's `tagged_with(labels, any: true)`)."""
    return or_(*(Contact.cached_label_list.like(f"%,{escape_like(label)},%", escape="\\") for label in labels))


def contact_order(sort: str | None):
    if not sort:
        return (Contact.last_activity_at.desc().nulls_last(), Contact.id.desc())
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTABLE:
        raise InvalidField(f"sort must be one of {', '.join(SORTABLE)} (prefix - for descending)", ["sort"])
    column = getattr(Contact, key)
    return (
        (column.desc().nulls_last(), Contact.id.desc()) if descending else (column.asc().nulls_last(), Contact.id.asc())
    )


async def list_contacts(
    session: AsyncSession, actor: Actor, *, page: int, sort: str | None, labels: list[str] | None = None
) -> tuple[list[Contact], int]:
    if page < 1:
        raise InvalidField("page must be 1 or more", ["page"])
    where = [Contact.account_id == actor.account_id]
    labels = [label.strip().lower() for label in labels or [] if label.strip()]
    if labels:
        where.append(any_label_condition(labels))
    contacts = list(
        await session.scalars(
            select(Contact).where(*where).order_by(*contact_order(sort)).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        )
    )
    count = await session.scalar(select(func.count()).select_from(Contact).where(*where))
    return contacts, int(count or 0)
