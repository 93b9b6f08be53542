"""The hub: one per process. It reads new events of the accounts its clients follow from the database,
once per batch, and hands each subscriber the ones it may see, in cursor order, each cursor once.

Live path: a commit (here or, through the backend, in another process) pokes the pump; the pump reads
every followed account's head, then the events after what it last sent, loads access for that batch,
and fans out. A subscriber that resumes from cursor N first replays N+1.. from the database on its own,
and joins the live stream only when it has caught up with what the pump has sent: the switch happens
without an await in between, so nothing falls between the replay and the live stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Protocol

from chatlake.db import Database
from chatlake.events.push import push_message
from chatlake.realtime import protocol, store, viewing
from chatlake.realtime.backend import MemoryBackend, RedisBackend, build_backend
from chatlake.realtime.contact_view import for_contact
from chatlake.realtime.recipients import AgentIdentity, ContactIdentity, Identity, StoredEvent, sees

log = logging.getLogger("chatlake.realtime")

PAGE = 500
# Smaller pages for a replay: a client that drops mid-replay wastes at most one page of work.
REPLAY_PAGE = 100
MAX_PAGES_PER_PASS = 8
FEW_ACCOUNTS = 8
# Database sessions that subscribing and replaying clients may hold at once: a reconnect storm (every
# client of a restarted process at once) queues here instead of taking the pool from API requests.
CLIENT_DB_SLOTS = 4


class Connection(Protocol):
    closed: bool

    def send(self, text: str) -> None: ...

    async def drained(self) -> None: ...


@dataclass(eq=False)
class Subscription:
    conn: Connection
    identifier: str
    identity: Identity
    last: int = 0
    live: bool = False
    prefix: str = ""
    replay: asyncio.Task | None = None

    @property
    def account_id(self) -> int:
        return self.identity.account_id

    def deliver(self, message_json: str) -> None:
        self.conn.send(protocol.broadcast(self.prefix, message_json))


@dataclass(eq=False)
class AccountStream:
    account_id: int
    sent: int
    agents: set[Subscription] = field(default_factory=set)
    # Contacts by contact_inbox id: an event is checked only against its own conversation's contact.
    contacts: dict[int, set[Subscription]] = field(default_factory=dict)

    def all(self) -> list[Subscription]:
        subs = list(self.agents)
        for group in self.contacts.values():
            subs.extend(group)
        return subs

    @property
    def empty(self) -> bool:
        return not self.agents and not self.contacts


def _contact_inbox_id(event: StoredEvent) -> int | None:
    body = event.payload if "contact_inbox" in event.payload else event.payload.get("conversation") or {}
    return (body.get("contact_inbox") or {}).get("id")


class Hub:
    def __init__(
        self,
        db: Database,
        *,
        redis_url: str = "",
        redis_prefix: str = "chatlake",
        presence_window: float = 20.0,
        poll_seconds: float = 5.0,
    ) -> None:
        self.db = db
        self._redis = (redis_url, redis_prefix)
        # Made at start: processes that never serve websockets (CLI, worker) never touch Redis.
        self.backend: MemoryBackend | RedisBackend = MemoryBackend()
        self.presence_window = presence_window
        self.poll_seconds = poll_seconds
        self.streams: dict[int, AccountStream] = {}
        self._wake = asyncio.Event()
        self._client_db = asyncio.Semaphore(CLIENT_DB_SLOTS)
        self._tasks: list[asyncio.Task] = []
        self._started = False
        # Presence: local agent connections per account and user, and the last map told to clients.
        self._present: dict[int, dict[int, int]] = {}
        self._presence_shown: dict[int, dict[str, str]] = {}
        # One refresh at a time per account, so an older map never overtakes a newer one.
        self._presence_locks: dict[int, asyncio.Lock] = {}

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        self.backend = build_backend(*self._redis)
        await self.backend.start(self._on_backend_message)
        self._tasks = [
            asyncio.create_task(self._pump(), name="realtime-pump"),
            asyncio.create_task(self._housekeeping(), name="realtime-housekeeping"),
        ]
        self._started = True

    async def stop(self) -> None:
        self._started = False
        for stream in list(self.streams.values()):
            for sub in stream.all():
                if sub.replay is not None:
                    sub.replay.cancel()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.backend.stop()

    def committed(self) -> None:
        """After a commit that recorded events: wake this process's pump and tell the others."""
        if not self._started:
            return
        self._wake.set()
        self.backend.publish({"kind": "advance"})

    def _on_backend_message(self, message: dict) -> None:
        kind = message.get("kind")
        if kind == "advance":
            self._wake.set()
        elif kind == "presence":
            self._show_presence(int(message["account_id"]), message.get("users") or {})
        elif kind == "viewing":
            self._spawn(self._show_viewing(message))

    # -- subscriptions ---------------------------------------------------------------------------

    async def subscribe(self, conn: Connection, identifier: str, params: dict) -> Subscription | None:
        cursor = protocol.parse_cursor(params)
        async with self._client_db, self.db.read_sessionmaker() as session:
            identity = await store.identify(session, params)
            if identity is None:
                conn.send(protocol.reject(identifier))
                return None
            head, oldest = await store.positions(session, identity.account_id)
        if conn.closed:
            return None
        sub = Subscription(conn, identifier, identity, prefix=protocol.message_prefix(identifier))
        stream = self.streams.get(identity.account_id)
        if stream is None:
            stream = self.streams[identity.account_id] = AccountStream(identity.account_id, sent=head)
            # A commit may have slipped between reading the head and registering the stream.
            self._wake.set()
        if isinstance(identity, ContactIdentity):
            stream.contacts.setdefault(identity.contact_inbox_id, set()).add(sub)
        else:
            stream.agents.add(sub)
        conn.send(protocol.confirm(identifier))
        if cursor is None:
            sub.last = head
        elif cursor > head or (cursor < head and (oldest is None or oldest > cursor + 1)):
            # Events this client needs are gone (or the cursor is not one of ours): reload the page.
            self._resync(sub, head)
        else:
            sub.last = cursor
        if sub.last >= stream.sent:
            sub.live = True  # nothing to replay: the pump delivers everything after sub.last
        else:
            sub.replay = asyncio.create_task(self._replay(sub, stream), name="realtime-replay")
        if isinstance(identity, AgentIdentity):
            self._agent_joined(sub)
        return sub

    def _resync(self, sub: Subscription, cursor: int) -> None:
        """Tell the client to reload its state; it continues live after `cursor`."""
        sub.deliver(protocol.dumps({"event": "resync", "data": {"account_id": sub.account_id}, "cursor": cursor}))
        sub.last = cursor

    def unsubscribe(self, sub: Subscription) -> None:
        if sub.replay is not None and not sub.replay.done():
            sub.replay.cancel()
        stream = self.streams.get(sub.account_id)
        if stream is None:
            return
        identity = sub.identity
        if isinstance(identity, ContactIdentity):
            group = stream.contacts.get(identity.contact_inbox_id)
            if group is not None:
                group.discard(sub)
                if not group:
                    del stream.contacts[identity.contact_inbox_id]
        else:
            stream.agents.discard(sub)
            self._agent_left(identity)
        if stream.empty:
            del self.streams[sub.account_id]

    async def _replay(self, sub: Subscription, stream: AccountStream) -> None:
        """Events after sub.last from the database, then the switch to live."""
        try:
            while not sub.conn.closed:
                async with self._client_db, self.db.read_sessionmaker() as session:
                    events = await store.events_after(session, sub.account_id, sub.last, REPLAY_PAGE)
                    access = {}
                    if events and isinstance(sub.identity, AgentIdentity):
                        access = await store.agent_access(session, sub.account_id, {sub.identity.user_id}, events)
                if (events and events[0].cursor > sub.last + 1) or (not events and sub.last < stream.sent):
                    # Events this client needs were removed (retention) while it was catching up.
                    self._resync(sub, events[0].cursor - 1 if events else stream.sent)
                for event in events:
                    if event.cursor > sub.last:
                        if sees(event, sub.identity, access):
                            message = push_message(event.name, event.payload, sub.account_id, event.cursor)
                            if message is not None:
                                if isinstance(sub.identity, ContactIdentity):
                                    message = for_contact(message)
                                sub.deliver(protocol.dumps(message))
                        sub.last = event.cursor
                if len(events) < REPLAY_PAGE and (sub.last >= stream.sent or not events):
                    # Caught up with what the pump has sent: from now on the pump delivers, with no
                    # await between the check and the switch.
                    sub.last = max(sub.last, stream.sent)
                    sub.live = True
                    return
                await sub.conn.drained()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("realtime: replay failed")
            close = getattr(sub.conn, "close_soon", None)
            if close is not None:
                close("server_error")

    # -- the pump --------------------------------------------------------------------------------

    async def _pump(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self._advance()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("realtime: pump pass failed")
                await asyncio.sleep(0.5)
                self._wake.set()

    async def _advance(self) -> None:
        if not self.streams:
            return
        async with self.db.read_sessionmaker() as session:
            followed = list(self.streams)
            # With many accounts, one look at their heads spares a read per account that did not move.
            tops = await store.heads(session, followed) if len(followed) > FEW_ACCOUNTS else None
            for account_id in followed:
                stream = self.streams.get(account_id)
                if stream is None or (tops is not None and tops.get(account_id, 0) <= stream.sent):
                    continue
                for _page in range(MAX_PAGES_PER_PASS):
                    events = await store.events_after(session, account_id, stream.sent, PAGE)
                    if not events or self.streams.get(account_id) is not stream:
                        break
                    # Every agent of the stream, live or still replaying: one that goes live while this
                    # batch is being prepared is then covered by it.
                    users = {s.identity.user_id for s in stream.agents}
                    access = await store.agent_access(session, account_id, users, events)
                    self._fan_out(stream, events, access, users)
                    if len(events) < PAGE:
                        break
                else:
                    self._wake.set()  # a long backlog: let other accounts go first, come back after

    def _fan_out(self, stream: AccountStream, events: list[StoredEvent], access: dict, users: set[int]) -> None:
        """`users`: the agents whose access was read for this batch. A subscription of another user went
        live while that read was in flight: it is sent back to replay this batch with its own access."""

        def ready(sub: Subscription) -> bool:
            return sub.live and (not isinstance(sub.identity, AgentIdentity) or sub.identity.user_id in users)

        for event in events:
            message = push_message(event.name, event.payload, stream.account_id, event.cursor)
            if message is None:
                continue
            body = protocol.dumps(message)
            targets = list(stream.agents)
            ci = _contact_inbox_id(event)
            contact_body = None
            if ci is not None and ci in stream.contacts:
                targets.extend(stream.contacts[ci])
                contact_body = protocol.dumps(for_contact(message))
            for sub in targets:
                if event.cursor > sub.last and ready(sub) and sees(event, sub.identity, access):
                    sub.deliver(contact_body if isinstance(sub.identity, ContactIdentity) and contact_body else body)
        end = events[-1].cursor
        stream.sent = end
        for sub in stream.all():
            if not sub.live or sub.last >= end:
                continue
            if ready(sub):
                sub.last = end
            else:
                sub.live = False
                sub.replay = asyncio.create_task(self._replay(sub, stream), name="realtime-replay")

    # -- presence --------------------------------------------------------------------------------

    def _agent_joined(self, sub: Subscription) -> None:
        identity = sub.identity
        counts = self._present.setdefault(identity.account_id, {})
        counts[identity.user_id] = counts.get(identity.user_id, 0) + 1
        shown = self._presence_shown.get(identity.account_id)
        if shown is not None:
            sub.deliver(protocol.dumps(_presence_message(identity.account_id, shown)))
        self._spawn(self._refresh_presence(identity.account_id, touch={identity.user_id}))

    def _agent_left(self, identity: AgentIdentity) -> None:
        counts = self._present.get(identity.account_id, {})
        left = counts.get(identity.user_id, 0) - 1
        if left > 0:
            counts[identity.user_id] = left
            return
        counts.pop(identity.user_id, None)
        if not counts:
            self._present.pop(identity.account_id, None)
        if self._started:
            self._spawn(self._refresh_presence(identity.account_id, drop=identity.user_id))

    async def update_presence(self, sub: Subscription) -> None:
        """The client's `update_presence` action: still here. Tell others only if that changes anything."""
        if not isinstance(sub.identity, AgentIdentity):
            return
        account_id, user_id = sub.identity.account_id, sub.identity.user_id
        await self.backend.presence_touch(account_id, {user_id})
        if str(user_id) not in self._presence_shown.get(account_id, {}):
            await self._refresh_presence(account_id)

    async def _refresh_presence(self, account_id: int, touch: set[int] | None = None, drop: int | None = None):
        async with self._presence_locks.setdefault(account_id, asyncio.Lock()):
            await self._refresh_presence_locked(account_id, touch, drop)

    async def _refresh_presence_locked(self, account_id: int, touch: set[int] | None, drop: int | None) -> None:
        try:
            if touch:
                await self.backend.presence_touch(account_id, touch)
            if drop is not None:
                await self.backend.presence_drop(account_id, drop)
            online = await self.backend.presence_online(account_id, self.presence_window)
            async with self.db.read_sessionmaker() as session:
                states = await store.availability(session, account_id, online)
            users = {str(user_id): state for user_id, state in sorted(states.items())}
            if users != self._presence_shown.get(account_id):
                self._show_presence(account_id, users)
                self.backend.publish({"kind": "presence", "account_id": account_id, "users": users})
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("realtime: presence refresh failed")

    def _show_presence(self, account_id: int, users: dict[str, str]) -> None:
        self._presence_shown[account_id] = users
        stream = self.streams.get(account_id)
        if stream is None:
            return
        body = protocol.dumps(_presence_message(account_id, users))
        for sub in list(stream.agents):
            sub.deliver(body)

    async def _housekeeping(self) -> None:
        """Every few seconds: look at the database once more (repairs a lost notice, and sees events of
        processes without a hub), and keep this process's agents present, noticing those who left."""
        presence_every = max(1.0, self.presence_window / 2)
        loop = asyncio.get_running_loop()
        next_poll = loop.time() + self.poll_seconds
        next_presence = loop.time() + presence_every
        while True:
            await asyncio.sleep(max(0.0, min(next_poll, next_presence) - loop.time()))
            now = loop.time()
            if now >= next_poll:
                next_poll = now + self.poll_seconds
                self._wake.set()
            if now < next_presence:
                continue
            next_presence = now + presence_every
            for account_id in list(self.streams):
                stream = self.streams.get(account_id)
                if stream is None or not stream.agents:
                    continue
                local = set(self._present.get(account_id, {}))
                await self._refresh_presence(account_id, touch=local)

    # -- who has a conversation open (realtime/viewing.py) ---------------------------------------

    async def update_viewing(self, sub: Subscription, payload: dict) -> None:
        """An agent's `viewing` action: tell the account's agents who can see that conversation."""
        parsed = viewing.parse_viewing(payload)
        if parsed is None or not isinstance(sub.identity, AgentIdentity):
            return
        display_id, is_viewing = parsed
        account_id, user_id = sub.identity.account_id, sub.identity.user_id
        async with self._client_db, self.db.read_sessionmaker() as session:
            inbox_id, name = await viewing.viewing_subject(session, account_id, user_id, display_id)
            if inbox_id is None:
                return
            access = await store.agent_access(session, account_id, {user_id}, [StoredEvent(0, "", inbox_id, {})])
        if user_id not in access or not access[user_id].sees_inbox(inbox_id):
            return
        notice = {
            "kind": "viewing",
            "account_id": account_id,
            "inbox_id": inbox_id,
            "user_id": user_id,
            "message": viewing.viewing_message(account_id, user_id, name, display_id, is_viewing),
        }
        self.backend.publish(notice)
        await self._show_viewing(notice)

    async def _show_viewing(self, notice: dict) -> None:
        try:
            account_id, inbox_id, viewer = int(notice["account_id"]), notice["inbox_id"], notice["user_id"]
            stream = self.streams.get(account_id)
            if stream is None:
                return
            users = {s.identity.user_id for s in stream.agents} - {viewer}
            if not users:
                return
            async with self._client_db, self.db.read_sessionmaker() as session:
                access = await store.agent_access(session, account_id, users, [StoredEvent(0, "", inbox_id, {})])
            body = protocol.dumps(notice["message"])
            for sub in list(stream.agents):
                user_id = sub.identity.user_id
                if sub.live and user_id != viewer and user_id in access and access[user_id].sees_inbox(inbox_id):
                    sub.deliver(body)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("realtime: viewing notice failed")

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._tasks.append(task)
        task.add_done_callback(lambda t: t in self._tasks and self._tasks.remove(t))


def _presence_message(account_id: int, users: dict[str, str]) -> dict:
    return {"event": "presence.update", "data": {"account_id": account_id, "users": users}}
