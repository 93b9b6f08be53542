"""Rows of one account looked up by their ids, by primary key."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_
from sqlalchemy.ext.asyncio import AsyncSession


def in_account_by_ids(session: AsyncSession, model, account_id: int, ids: Iterable[int]) -> ColumnElement[bool]:
    """`model.id IN ids`, within the account, written so that SQLite looks the rows up by primary key.

    SQLite has no statistics unless ANALYZE runs (Chatlake never runs it), and without them it prefers an
    index that starts with account_id over the primary key: `account_id = ? AND id IN (...)` then walked every
    row of the account (all 10,000 contacts of a large account, for a page of 25 conversations; see
    docs/benchmarks.md). There, `account_id + 0` keeps the account scope but is no index term, which leaves
    the primary key as the way in. PostgreSQL keeps statistics (autoanalyze) and takes the primary key once
    it has them; before, it would scan the whole table for `account_id + 0`, so it keeps the plain term.
    """
    ids = set(ids)
    if session.get_bind().dialect.name == "sqlite":
        return and_(model.id.in_(ids), (model.account_id + 0) == account_id)
    return and_(model.id.in_(ids), model.account_id == account_id)
