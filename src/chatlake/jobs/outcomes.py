"""Recording what happened to many deliveries in one transaction: a few statements, whatever their number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, literal_column, update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.models import WebhookDelivery
from chatlake.models.outbox import DELIVERY_DELIVERED, DELIVERY_DISCARDED, DELIVERY_FAILED, DELIVERY_PENDING
from chatlake.webhooks.delivery import REFUSED, Claimed, RetryPolicy, disable_target

_deliveries = WebhookDelivery.__table__
_PENDING = literal_column("'pending'")
# Bound parameters per statement stay far below SQLite's and PostgreSQL's limits.
CHUNK = 500

GONE_ERROR = "410 Gone: endpoint disabled"


@dataclass(frozen=True)
class Attempt:
    """A delivery that was sent: the receiver's answer (error None means a 2xx)."""

    delivery: Claimed
    code: int | None
    error: str | None
    latency_ms: int


@dataclass(frozen=True)
class NotSent:
    """A leased delivery that was not sent: released for a later claim, or discarded with a reason."""

    delivery: Claimed
    discard_reason: str | None = None


Outcome = Attempt | NotSent


def batched(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# One compiled statement each, executed for many rows in one call (executemany): the same cost to build
# whatever the batch size, one round trip to the database.
_DELIVERED = (
    update(_deliveries)
    .where(_deliveries.c.id == bindparam("delivery_id"))
    .values(
        status=DELIVERY_DELIVERED,
        delivered_at=bindparam("now"),
        attempts=_deliveries.c.attempts + 1,
        last_response_code=bindparam("code"),
        last_latency_ms=bindparam("latency"),
        last_error=None,
        locked_until=None,
    )
)
# A delivery discarded meanwhile (its endpoint answered 410 to another one) stays discarded.
_FAILED = (
    update(_deliveries)
    .where(_deliveries.c.id == bindparam("delivery_id"), _deliveries.c.status == _PENDING)
    .values(
        status=bindparam("status"),
        next_attempt_at=bindparam("retry_at"),
        attempts=_deliveries.c.attempts + 1,
        last_response_code=bindparam("code"),
        last_error=bindparam("error"),
        last_latency_ms=bindparam("latency"),
        locked_until=None,
    )
)


async def record_outcomes(
    session: AsyncSession, outcomes: list[Outcome], policy: RetryPolicy, now: datetime
) -> datetime | None:
    """Write every outcome; returns when the earliest retry planned here falls due (None if none)."""
    delivered = [o for o in outcomes if isinstance(o, Attempt) and o.error is None]
    gone = [o for o in outcomes if isinstance(o, Attempt) and o.error is not None and o.code == 410]
    failed = [o for o in outcomes if isinstance(o, Attempt) and o.error is not None and o.code != 410]
    released = [o.delivery.id for o in outcomes if isinstance(o, NotSent) and o.discard_reason is None]
    discarded = [o for o in outcomes if isinstance(o, NotSent) and o.discard_reason is not None]

    if delivered:
        await session.execute(
            _DELIVERED,
            [{"delivery_id": o.delivery.id, "now": now, "code": o.code, "latency": o.latency_ms} for o in delivered],
        )
    next_due = None
    failures = []
    for o in failed:
        at = now + timedelta(seconds=policy.delay(o.delivery.attempts + 1))
        give_up_at = o.delivery.expires_at or o.delivery.created_at + timedelta(seconds=policy.window_seconds)
        # Given up (past the window, or refused by the outgoing-request policy, which no retry can change): the row
        # keeps the time of its last planned attempt.
        refused = o.error.startswith(REFUSED)
        gives_up = refused or at > give_up_at
        status, retry_at = (DELIVERY_FAILED, o.delivery.next_attempt_at) if gives_up else (DELIVERY_PENDING, at)
        if status == DELIVERY_PENDING:
            next_due = at if next_due is None else min(next_due, at)
        failures.append(
            {
                "delivery_id": o.delivery.id,
                "status": status,
                "retry_at": retry_at,
                "code": o.code,
                "error": o.error,
                "latency": o.latency_ms,
            }
        )
    if failures:
        await session.execute(_FAILED, failures)
    for chunk in batched(released, CHUNK):
        await session.execute(
            update(_deliveries)
            .where(_deliveries.c.id.in_(chunk), _deliveries.c.status == _PENDING)
            .values(locked_until=None)
        )
    for reason in {o.discard_reason for o in discarded}:
        ids = [o.delivery.id for o in discarded if o.discard_reason == reason]
        for chunk in batched(ids, CHUNK):
            await session.execute(
                update(_deliveries)
                .where(_deliveries.c.id.in_(chunk), _deliveries.c.status == _PENDING)
                .values(status=DELIVERY_DISCARDED, last_error=reason, locked_until=None)
            )
    disabled: set[tuple[int, str, int]] = set()
    for o in gone:  # rare: an endpoint that answered 410 Gone
        await session.execute(
            update(_deliveries)
            .where(_deliveries.c.id == o.delivery.id)
            .values(
                status=DELIVERY_DISCARDED,
                attempts=_deliveries.c.attempts + 1,
                last_response_code=o.code,
                last_error=GONE_ERROR,
                last_latency_ms=o.latency_ms,
                locked_until=None,
            )
        )
        target = (o.delivery.account_id, o.delivery.target_kind, o.delivery.target_id)
        if target not in disabled:
            disabled.add(target)
            await disable_target(session, o.delivery, "the receiver answered 410 Gone")
    return next_due
