"""Auto-assignment throughput and fairness: N waiting conversations, 5 online agents, assigned round robin.

In process, on a fresh database: the conversations are written in three statements, then the inbox's waiting
conversations are assigned through the same action the product runs (each assignment is the full change: the
assignee, the activity note, the events, the assignee's notification). Prints conversations/s and each agent's
count, and fails when the split is not within one.

    python -m bench.auto_assignment            (BENCH_CONVERSATIONS=N, default 1000;
                                                BENCH_DATABASE_URL=postgresql+asyncpg://... for PostgreSQL)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, update

from chatlake import crypto
from chatlake.actions.accounts import do_bootstrap_account
from chatlake.actions.agents import do_create_agent
from chatlake.actions.auto_assignment import assign_waiting
from chatlake.actions.inbox_members import do_add_inbox_members
from chatlake.actions.inboxes import do_create_inbox
from chatlake.auth.tokens import actor_for_token
from chatlake.config import Settings
from chatlake.db import Database
from chatlake.migrate import upgrade_to_head
from chatlake.models import Account, Contact, ContactInbox, Conversation, Inbox
from chatlake.models.base import utcnow

CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "1000"))
AGENTS = 5


async def setup(db: Database) -> tuple[int, int, list[int]]:
    async with db.transaction() as session:
        made = await do_bootstrap_account(
            session, account_name="Bench", email=f"bench-{uuid.uuid4().hex[:8]}@example.com", password="x" * 12
        )
        actor = await actor_for_token(session, made.api_access_token, made.account.id)
        inbox, _ = await do_create_inbox(session, actor, name="Bench inbox", channel={"type": "api"})
        agents = [
            (await do_create_agent(session, actor, name=f"Agent {i}", email=f"agent{i}-{uuid.uuid4().hex[:6]}@x.io",
                                   auto_offline=False))[0].id
            for i in range(AGENTS)
        ]  # fmt: skip
        await do_add_inbox_members(session, actor, inbox.id, agents)
        return made.account.id, inbox.id, agents


async def insert_waiting(db: Database, account_id: int, inbox_id: int, count: int) -> None:
    async with db.transaction() as session:
        now = utcnow()
        last = (
            await session.execute(
                update(Account)
                .where(Account.id == account_id)
                .values(conversation_seq=Account.conversation_seq + count)
                .returning(Account.conversation_seq)
            )
        ).scalar_one()
        rows = [{"account_id": account_id, "name": f"C{i}", "created_at": now, "updated_at": now} for i in range(count)]
        contacts = (await session.scalars(insert(Contact).returning(Contact.id), rows)).all()
        sessions = (
            await session.scalars(
                insert(ContactInbox).returning(ContactInbox.id),
                [
                    {"account_id": account_id, "contact_id": c, "inbox_id": inbox_id, "source_id": f"s-{c}",
                     "pubsub_token": f"p-{c}", "created_at": now, "updated_at": now}
                    for c in contacts
                ],
            )
        ).all()  # fmt: skip
        await session.execute(
            insert(Conversation),
            [
                {"account_id": account_id, "display_id": last - count + 1 + i, "inbox_id": inbox_id, "contact_id": c,
                 "contact_inbox_id": ci, "status": 0, "created_at": now + timedelta(microseconds=i),
                 "updated_at": now, "last_activity_at": now}
                for i, (c, ci) in enumerate(zip(contacts, sessions, strict=True))
            ],
        )  # fmt: skip


async def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=os.environ.get("BENCH_DATABASE_URL", ""), data_dir=Path(tmp), secret_key="bench-secret-key"
        )
        crypto.configure(settings.secret_key)
        db = Database(settings)
        await upgrade_to_head(db.engine)
        account_id, inbox_id, agents = await setup(db)
        await insert_waiting(db, account_id, inbox_id, CONVERSATIONS)
        started, assigned = time.perf_counter(), 0
        while True:
            async with db.transaction() as session:
                inbox = await session.get(Inbox, inbox_id)
                done = await assign_waiting(session, await session.get(Account, account_id), inbox)
            assigned += done
            if not done:
                break
        elapsed = time.perf_counter() - started
        async with db.transaction() as session:
            counts = dict(
                (
                    await session.execute(
                        select(Conversation.assignee_id, func.count())
                        .where(Conversation.account_id == account_id)
                        .group_by(Conversation.assignee_id)
                    )
                ).all()
            )
        await db.dispose()
    print(f"{db.engine.dialect.name}: assigned {assigned} conversations in {elapsed:.1f} s: {assigned / elapsed:.0f}/s")
    print("per agent:", [counts.get(agent, 0) for agent in agents])
    fair = assigned == CONVERSATIONS and max(counts.values()) - min(counts.values()) <= 1 and None not in counts
    print("fair (within one):", fair)
    return 0 if fair else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
