"""A subscriber that joins the live stream while the hub is in the middle of a batch still gets that batch."""

from __future__ import annotations

import asyncio
import threading

from chatlake.realtime import store
from tests.api.members import Members
from tests.realtime.cable import agent_cable, is_message


def test_a_subscriber_joining_during_a_batch_misses_nothing_of_it(server, account, monkeypatch):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    members = Members(account)
    # Another user than the one already following: what the batch knows of who may see it is per user.
    latecomer = members.add(role="administrator")
    first, _ = agent_cable(server.url, account)
    with first:
        account.create_message(conversation["id"], "before")
        before = first.until(is_message("before"))[-1]["cursor"]

        # Hold the hub's next batch between reading its events and reading who may see them.
        holding, release = threading.Event(), threading.Event()
        real = store.agent_access

        async def held_agent_access(*args, **kwargs):
            task = asyncio.current_task()
            if task is not None and task.get_name() == "realtime-pump" and not release.is_set():
                holding.set()
                await asyncio.get_running_loop().run_in_executor(None, release.wait, 10)
            return await real(*args, **kwargs)

        monkeypatch.setattr(store, "agent_access", held_agent_access)
        account.create_message(conversation["id"], "in the held batch")
        assert holding.wait(10)
        # A client whose page showed `before` subscribes now: it has nothing to replay, so it is live
        # at once, while the batch holding the next message is still being prepared.
        second, _ = agent_cable(server.url, latecomer, cursor=before)
        try:
            release.set()
            account.create_message(conversation["id"], "after")
            got = second.until(is_message("after"))
            assert [m["data"]["content"] for m in got] == ["in the held batch", "after"]
        finally:
            release.set()
            second.close()
            members.close()
