"""Rows of one account looked up by their ids, by primary key."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_


def in_account_by_ids(model, account_id: int, ids: Iterable[int]) -> ColumnElement[bool]:
    """`model.id IN ids`, within the account, written so that the database looks the rows up by primary key.

    Without statistics (SQLite unless ANALYZE runs, which Chatlake never does; PostgreSQL before autoanalyze
    has run, or with autovacuum off) both planners prefer an index that starts with account_id over the
    primary key: `account_id = ? AND id IN (...)` then walked every row of the account (all 10,000 contacts of
    a large account, for a page of 25 conversations; see docs/benchmarks.md). `account_id + 0` keeps the
    account scope but is no index term, which leaves the primary key as the way in (PostgreSQL scans a table
    still small enough instead). With statistics, PostgreSQL takes the primary key either way.
    """
    return and_(model.id.in_(set(ids)), (model.account_id + 0) == account_id)
