"""The inbox's clock: every few seconds, reopen snoozed conversations whose time has come, resolve idle ones
(account auto-resolve), and assign conversations waiting for capacity in inboxes that cap it (agents who came
online or freed up). Runs beside the delivery worker, in the app process and in `chatlake worker`; any number of
them may run at once (see actions/timed_status.py for why nothing is acted on twice).

Each pass is one transaction per kind of work. Before committing it runs what a request edge runs (the inbox's
reactions and automation rules), and after committing it wakes the dispatcher, so the changes go out at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from chatlake.actions.auto_assignment import assign_waiting, assignment_limit
from chatlake.actions.automation_runner import run_automations
from chatlake.actions.timed_status import reopen_due_snoozed, resolve_inactive
from chatlake.db import Database
from chatlake.events.outbox import EVENTS_RECORDED
from chatlake.models import Account, Inbox
from chatlake.models.base import utcnow

log = logging.getLogger("chatlake.inbox_schedule")

INTERVAL_SECONDS = 15.0


class InboxSchedule:
    def __init__(
        self, db: Database, *, after_commit: Callable[[bool], None] | None = None, interval: float = INTERVAL_SECONDS
    ) -> None:
        self.db = db
        self.after_commit = after_commit
        self.interval = interval
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - a failing pass must not end the schedule
                log.exception("inbox schedule pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)

    async def _pass(self, work, now: datetime) -> int:
        async with self.db.transaction() as session:
            done = await work(session, now)
            await run_automations(session)
            recorded = bool(session.info.get(EVENTS_RECORDED))
        if self.after_commit is not None:
            self.after_commit(recorded)
        return done

    async def run_once(self, now: datetime | None = None) -> dict[str, int]:
        """One pass at `now` (default: the current time; tests pass their own clock)."""
        now = now or utcnow()
        return {
            "reopened": await self._pass(reopen_due_snoozed, now),
            "resolved": await self._pass(resolve_inactive, now),
            "assigned": await self._pass(_assign_waiting_everywhere, now),
        }


async def _assign_waiting_everywhere(session, _now: datetime) -> int:
    """Inboxes that cap capacity (few; the cap is JSON, so filtered here), each checked for waiting conversations
    through its own index range rather than by scanning every account's conversations."""
    inboxes = [
        inbox
        for inbox in await session.scalars(select(Inbox).where(Inbox.enable_auto_assignment.is_(True)))
        if assignment_limit(inbox) is not None
    ]
    assigned = 0
    for inbox in inboxes:
        assigned += await assign_waiting(session, await session.get(Account, inbox.account_id), inbox)
    return assigned
