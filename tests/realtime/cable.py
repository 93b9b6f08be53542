"""A real ActionCable client over a real websocket, and ways to get the tokens it subscribes with."""

from __future__ import annotations

import collections
import json
import time

from sqlalchemy import delete, select
from websockets.sync.client import connect

from chatlake.models import ContactInbox, Event
from tests.support import LiveServer, TestAccount


class Cable:
    """One websocket connection; frames are read in order, pings skipped."""

    def __init__(self, base_url: str) -> None:
        url = base_url.replace("http://", "ws://") + "/cable"
        self.ws = connect(
            url, subprotocols=["actioncable-v1-json"], proxy=None, compression=None, open_timeout=10, close_timeout=2
        )
        assert self.ws.subprotocol == "actioncable-v1-json"
        self.pending: collections.deque[dict] = collections.deque()
        assert self.frame()["type"] == "welcome"

    def __enter__(self) -> Cable:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.ws.close()

    def drop(self) -> None:
        """A forced disconnect: the socket is closed with no closing handshake, as when a network drops."""
        self.ws.close_socket()

    def send(self, body: dict) -> None:
        self.ws.send(json.dumps(body))

    def frame(self, timeout: float = 10, pings: bool = False) -> dict:
        if self.pending:
            return self.pending.popleft()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no frame in time")
            body = json.loads(self.ws.recv(timeout=remaining))
            if pings or body.get("type") != "ping":
                return body

    def subscribe(self, expect: str = "confirm_subscription", **params) -> str:
        identifier = json.dumps({"channel": "RoomChannel", **params})
        self.send({"command": "subscribe", "identifier": identifier})
        held = []
        while True:
            reply = self.frame()
            if "message" in reply and reply["identifier"] != identifier:
                held.append(reply)  # another subscription's traffic: keep it for later reads
                continue
            break
        self.pending.extend(held)
        assert reply == {"identifier": identifier, "type": expect}, reply
        return identifier

    def message(self, timeout: float = 10, presence: bool = False) -> dict:
        """The next pushed message (event frames only; presence updates skipped unless asked for)."""
        while True:
            body = self.frame(timeout)
            message = body.get("message")
            if message is None:
                continue
            if not presence and message.get("event") == "presence.update":
                continue
            return message

    def until(self, predicate, timeout: float = 10, presence: bool = False) -> list[dict]:
        """Every message up to and including the first that satisfies `predicate`."""
        got = []
        deadline = time.monotonic() + timeout
        while True:
            message = self.message(max(0.01, deadline - time.monotonic()), presence=presence)
            got.append(message)
            if predicate(message):
                return got


def pubsub_token(acct: TestAccount) -> str:
    return acct.client.get("/api/v1/profile").json()["pubsub_token"]


def agent_cable(
    server_url: str, acct: TestAccount, cursor: int | None = None, token: str | None = None
) -> tuple[Cable, str]:
    cable = Cable(server_url)
    params = {"pubsub_token": token or pubsub_token(acct), "account_id": acct.account_id, "user_id": acct.user_id}
    if cursor is not None:
        params["cursor"] = cursor
    return cable, cable.subscribe(**params)


def contact_pubsub_token(server: LiveServer, account_id: int, source_id: str) -> str:
    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            return await session.scalar(
                select(ContactInbox.pubsub_token).where(
                    ContactInbox.account_id == account_id, ContactInbox.source_id == source_id
                )
            )

    return server.call(go())


def delete_events_up_to(server: LiveServer, account_id: int, cursor: int) -> None:
    """What retention does: the oldest events are gone."""

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            await session.execute(delete(Event).where(Event.account_id == account_id, Event.cursor <= cursor))

    server.call(go())


def is_message(content: str):
    return lambda m: m["event"] == "message.created" and m["data"]["content"] == content
