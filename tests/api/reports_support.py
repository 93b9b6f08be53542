"""Building conversation history at chosen moments, for report tests.

The factory calls the same actions the API calls, on the server's loop, passing `at` (when each step
happened): reports bucket by day, and a test cannot wait for days to pass.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chatlake.actions.conversation_status import do_toggle_status
from chatlake.actions.conversations import do_create_conversation
from chatlake.actions.messages import do_create_message
from chatlake.auth.tokens import actor_for_token
from chatlake.queries.access import access_conversation
from tests.support import TestAccount

DAY = 86400


def at(day: str, clock: str = "00:00:00") -> datetime:
    """at("2026-03-02", "10:15:00") → that moment in UTC."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=UTC)


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def seconds(moment: datetime, **delta) -> datetime:
    return moment + timedelta(**delta)


class History:
    def __init__(self, account: TestAccount) -> None:
        self.account = account
        self.server = account.server

    def _run(self, work):
        async def go():
            async with self.server.app.state.runtime.db.transaction() as session:
                actor = await actor_for_token(session, self.account.token, self.account.account_id)
                return await work(session, actor)

        return self.server.call(go())

    def conversation(self, inbox_id: int, when: datetime, **fields) -> int:
        """A new contact's conversation started at `when`; returns its number."""
        source_id = self.account.create_contact(inbox_id)["contact_inbox"]["source_id"]

        async def work(session, actor):
            conversation = await do_create_conversation(
                session, actor, source_id=source_id, inbox_id=inbox_id, at=when, **fields
            )
            return conversation.display_id

        return self._run(work)

    def message(self, display_id: int, when: datetime, message_type: str = "outgoing", private: bool = False) -> None:
        async def work(session, actor):
            conversation = await access_conversation(session, actor, display_id)
            await do_create_message(
                session, actor, conversation, content="m", message_type=message_type, private=private, at=when
            )

        self._run(work)

    def incoming(self, display_id: int, when: datetime) -> None:
        self.message(display_id, when, "incoming")

    def reply(self, display_id: int, when: datetime, private: bool = False) -> None:
        self.message(display_id, when, "outgoing", private)

    def status(self, display_id: int, status: str, when: datetime) -> None:
        async def work(session, actor):
            conversation = await access_conversation(session, actor, display_id)
            await do_toggle_status(session, actor, conversation, status=status, at=when)

        self._run(work)
