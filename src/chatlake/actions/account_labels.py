"""Labels put on a conversation or contact join the account's label catalogue.

A label typed on a conversation must be a real label: listed in Settings › Labels, offered by the label filter,
shown with its colour. Titles missing from the catalogue are inserted with the default colour; a concurrent
request inserting the same title is not an error (the unique (account_id, title) index settles it).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import Label
from chatlake.models.base import utcnow
from chatlake.models.label import DEFAULT_LABEL_COLOR
from chatlake.queries.reports.sql import dialect_of


async def ensure_account_labels(session: AsyncSession, account_id: int, titles: list[str]) -> None:
    """Adds to the account's catalogue the titles it does not hold yet (titles already checked)."""
    if not titles:
        return
    known = set(
        await session.scalars(select(Label.title).where(Label.account_id == account_id, Label.title.in_(titles)))
    )
    missing = [title for title in titles if title not in known]
    if not missing:
        return
    now = utcnow()
    rows = [
        {
            "account_id": account_id,
            "title": title,
            "color": DEFAULT_LABEL_COLOR,
            "show_on_sidebar": False,
            "created_at": now,
            "updated_at": now,
        }
        for title in missing
    ]
    dialect = postgresql if dialect_of(session) == "postgresql" else sqlite
    stmt = dialect.insert(Label).values(rows).on_conflict_do_nothing(index_elements=["account_id", "title"])
    await session.execute(stmt)
