"""Claiming work for the delivery worker: many ordering keys at once, a run of each, in one transaction.

A delivery may be sent only when it is the oldest pending one of its ordering key (one conversation to
one endpoint), so a key's later event never overtakes an earlier one that is still pending or being
retried. A claim takes the heads of up to N keys that are due and not leased, plus the deliveries that
follow each head in its key (a run), and leases them all with one UPDATE. The run is then sent in order
and stops at the first failure; whatever it did not send is released.

Finding heads costs a bounded scan: the oldest SCAN_WINDOW pending rows first (cheap when many keys
wait), then, if that found too few, a skip over the distinct pending keys (cheap when a few keys hold
a deep backlog and the window is full of keys already in flight).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, bindparam, func, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import WebhookDelivery
from chatlake.webhooks.delivery import Claimed

SCAN_WINDOW = 2048

_deliveries = WebhookDelivery.__table__

# Spelled as a literal, not a bound parameter: SQLite uses a partial index only when the query's
# condition is visibly the index's own.
_PENDING = literal_column("'pending'")

_CLAIMED_COLUMNS = (
    _deliveries.c.id,
    _deliveries.c.delivery_uuid,
    _deliveries.c.account_id,
    _deliveries.c.event_id,
    _deliveries.c.target_kind,
    _deliveries.c.target_id,
    _deliveries.c.url,
    _deliveries.c.ordering_key,
    _deliveries.c.attempts,
    _deliveries.c.created_at,
    _deliveries.c.expires_at,
    _deliveries.c.next_attempt_at,
    _deliveries.c.locked_until,
)


@dataclass
class Run:
    """Consecutive deliveries of one ordering key, leased together and sent in order."""

    key: str
    deliveries: list[Claimed]


def _pending(table=_deliveries):
    return table.c.status == _PENDING


def _available(now: datetime, table=_deliveries):
    return and_(table.c.next_attempt_at <= now, or_(table.c.locked_until.is_(None), table.c.locked_until < now))


def _head_of_key(table=_deliveries):
    earlier = _deliveries.alias("earlier")
    return ~(
        select(earlier.c.id)
        .where(earlier.c.ordering_key == table.c.ordering_key, _pending(earlier), earlier.c.id < table.c.id)
        .exists()
    )


def _heads_in_window(now: datetime, limit: int) -> Select:
    window = select(_deliveries.c.id).where(_pending()).order_by(_deliveries.c.id).limit(SCAN_WINDOW)
    return (
        select(_deliveries.c.id, _deliveries.c.ordering_key)
        .where(_deliveries.c.id.in_(window.scalar_subquery()), _pending(), _available(now), _head_of_key())
        .order_by(_deliveries.c.id)
        .limit(limit)
    )


def _heads_by_key(now: datetime, limit: int, skip: Iterable[int]) -> Select:
    """The head of every distinct pending key, found by hopping from key to key in the partial index."""
    probe = _deliveries.alias("probe")
    keys = (
        select(func.min(probe.c.ordering_key).label("key")).where(_pending(probe)).cte("pending_keys", recursive=True)
    )
    hop = _deliveries.alias("hop")
    following = select(func.min(hop.c.ordering_key)).where(_pending(hop), hop.c.ordering_key > keys.c.key)
    keys = keys.union_all(select(following.scalar_subquery()).where(keys.c.key.is_not(None)))
    head = _deliveries.alias("head")
    head_id = select(func.min(head.c.id)).where(head.c.ordering_key == keys.c.key, _pending(head)).scalar_subquery()
    heads = select(head_id).where(keys.c.key.is_not(None))
    stmt = select(_deliveries.c.id, _deliveries.c.ordering_key).where(
        _deliveries.c.id.in_(heads), _pending(), _available(now)
    )
    skip = list(skip)
    if skip:
        stmt = stmt.where(_deliveries.c.id.not_in(skip))
    return stmt.order_by(_deliveries.c.id).limit(limit)


def _heads_of(keys: Iterable[str], now: datetime, limit: int) -> Select:
    """The heads of these keys only (a key whose run just finished, likely with more behind it)."""
    return (
        select(_deliveries.c.id, _deliveries.c.ordering_key)
        .where(_deliveries.c.ordering_key.in_(list(keys)), _pending(), _available(now), _head_of_key())
        .order_by(_deliveries.c.id)
        .limit(limit)
    )


def _runs_from(run_length: int) -> Select:
    """Each head (ids in the expanding `heads` parameter) and the pending deliveries after it in its key,
    up to run_length in all. One shape whatever the number of heads, so it is compiled once."""
    head = _deliveries.alias("head")
    after = _deliveries.alias("after")
    # The id just past the run: the run_length-th pending delivery of the key counted from the head.
    bound = (
        select(after.c.id)
        .where(after.c.ordering_key == head.c.ordering_key, _pending(after), after.c.id >= head.c.id)
        .order_by(after.c.id)
        .limit(1)
        .offset(run_length)
        .scalar_subquery()
    )
    heads = select(head.c.id, head.c.ordering_key, bound.label("bound")).where(
        head.c.id.in_(bindparam("heads", expanding=True))
    )
    heads = heads.subquery("heads")
    return (
        select(*_CLAIMED_COLUMNS)
        .join(heads, _deliveries.c.ordering_key == heads.c.ordering_key)
        .where(
            _pending(),
            _deliveries.c.id >= heads.c.id,
            or_(heads.c.bound.is_(None), _deliveries.c.id < heads.c.bound),
        )
        .order_by(_deliveries.c.id)
    )


class Claimer:
    def __init__(self, *, is_sqlite: bool, run_length: int, lease_seconds: float) -> None:
        self.is_sqlite = is_sqlite
        self.run_length = run_length
        self.lease_seconds = lease_seconds
        self._runs = _runs_from(run_length)

    def _locking(self, stmt: Select) -> Select:
        # Several workers on PostgreSQL: a head another worker is claiming right now is skipped, not waited for.
        return stmt if self.is_sqlite else stmt.with_for_update(skip_locked=True, of=_deliveries)

    async def _find_heads(self, session: AsyncSession, now: datetime, limit: int, keys: set[str]) -> list:
        heads: list = []
        if keys:
            heads = list(await session.execute(self._locking(_heads_of(keys, now, limit))))
        if len(heads) < limit:
            found = {row.id for row in heads}
            window = [
                row for row in await session.execute(self._locking(_heads_in_window(now, limit))) if row.id not in found
            ]
            heads += window[: limit - len(heads)]
        if len(heads) < limit:
            found = {row.id for row in heads}
            stmt = self._locking(_heads_by_key(now, limit - len(heads), found))
            heads += list(await session.execute(stmt))
        return heads

    async def claim(self, session: AsyncSession, now: datetime, limit: int, keys: set[str] = frozenset()) -> list[Run]:
        """Lease up to `limit` runs (the given keys first); returns them in order of their heads."""
        if limit <= 0:
            return []
        heads = await self._find_heads(session, now, limit, keys)
        if not heads:
            return []
        rows = list(await session.execute(self._runs, {"heads": [h.id for h in heads]}))
        candidates: dict[str, list] = {h.ordering_key: [] for h in heads}
        for row in rows:
            run = candidates[row.ordering_key]
            # A run ends at the first delivery that may not go yet: later ones would overtake it.
            if run and (run[-1] is None or row.next_attempt_at > now or (row.locked_until and row.locked_until >= now)):
                run.append(None)
                continue
            run.append(row)
        wanted = [row.id for run in candidates.values() for row in run if row is not None]
        lease = now + timedelta(seconds=self.lease_seconds)
        leased = set(
            await session.scalars(
                update(_deliveries)
                .where(_deliveries.c.id.in_(wanted), _pending(), _available(now))
                .values(locked_until=lease)
                .returning(_deliveries.c.id)
            )
        )
        runs: list[Run] = []
        orphans: list[int] = []
        for key, run in candidates.items():
            taken: list[Claimed] = []
            for row in run:
                if row is None:
                    break
                if row.id not in leased:
                    break
                taken.append(_claimed(row))
            orphans += [row.id for row in run if row is not None and row.id in leased][len(taken) :]
            if taken:
                runs.append(Run(key, taken))
        if orphans:
            # Leased, but behind a delivery that could not be: must not wait for the lease to expire.
            await session.execute(
                update(_deliveries).where(_deliveries.c.id.in_(orphans), _pending()).values(locked_until=None)
            )
        runs.sort(key=lambda run: run.deliveries[0].id)
        return runs


def _claimed(row) -> Claimed:
    return Claimed(
        id=row.id,
        delivery_uuid=row.delivery_uuid,
        account_id=row.account_id,
        event_id=row.event_id,
        target_kind=row.target_kind,
        target_id=row.target_id,
        url=row.url,
        ordering_key=row.ordering_key,
        attempts=row.attempts,
        created_at=row.created_at,
        expires_at=row.expires_at,
        next_attempt_at=row.next_attempt_at,
    )
