"""Seed a benchmark account through Chatlake's own actions (the one write path), in batches.

One API inbox without a webhook_url; N conversations, each with its own contact and one incoming message
(so the list page shows a last message and an unread count); every third conversation assigned to the
administrator.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from chatlake import crypto
from chatlake.actions.contacts import do_create_contact
from chatlake.actions.conversations import do_create_conversation
from chatlake.actions.inboxes import do_create_inbox
from chatlake.actions.messages import do_create_message
from chatlake.auth.tokens import actor_in_account, user_for_token
from chatlake.config import Settings
from chatlake.db import Database

BATCH = 100


@dataclass
class Seeded:
    inbox_id: int
    conversations: int
    seconds: float


async def seed(
    database_url: str,
    data_dir: Path,
    secret_key: str,
    token: str,
    account_id: int,
    conversations: int,
    *,
    batch: int = BATCH,
    progress=None,
) -> Seeded:
    """`batch` conversations per transaction; `progress(done)` after each transaction, when given."""
    settings = Settings(database_url=database_url, data_dir=data_dir, secret_key=secret_key, run_worker=False)
    crypto.configure(secret_key)
    db = Database(settings)
    started = time.perf_counter()
    try:
        async with db.transaction() as session:
            actor = await actor_in_account(session, await user_for_token(session, token), account_id)
            inbox, _channel = await do_create_inbox(session, actor, name="Bench API inbox", channel={"type": "api"})
            inbox_id = inbox.id
        done = 0
        while done < conversations:
            async with db.transaction() as session:
                actor = await actor_in_account(session, await user_for_token(session, token), account_id)
                for i in range(done, min(done + batch, conversations)):
                    _contact, contact_inbox, _inbox = await do_create_contact(
                        session, actor, name=f"Customer {i}", email=f"customer{i}@example.com", inbox_id=inbox_id
                    )
                    conversation = await do_create_conversation(
                        session,
                        actor,
                        source_id=contact_inbox.source_id,
                        inbox_id=inbox_id,
                        assignee_id=actor.user.id if i % 3 == 0 else None,
                    )
                    content = f"Hello, I need help with order {i}"
                    await do_create_message(session, actor, conversation, content=content, message_type="incoming")
                done = min(done + batch, conversations)
            if progress is not None:
                progress(done)
    finally:
        await db.dispose()
    return Seeded(inbox_id=inbox_id, conversations=conversations, seconds=time.perf_counter() - started)
