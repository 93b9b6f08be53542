"""`/cable`: ActionCable-compatible websocket for dashboard clients and contacts (RoomChannel)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import orjson
from fastapi import FastAPI, WebSocket

from chatlake.realtime import protocol
from chatlake.realtime.hub import Hub, Subscription

log = logging.getLogger("chatlake.realtime")

# A client this far behind is disconnected (with "reconnect": true) and resumes from its cursor,
# instead of the server buffering without bound.
MAX_QUEUED_FRAMES = 20_000
_CLOSE = object()


class CableConnection:
    def __init__(self, websocket: WebSocket, hub: Hub) -> None:
        self.ws = websocket
        self.hub = hub
        self.closed = False
        self.subs: dict[str, Subscription] = {}
        self._queue: asyncio.Queue = asyncio.Queue()
        self._idle = asyncio.Event()
        self._idle.set()

    # -- outgoing --------------------------------------------------------------------------------

    def send(self, text: str) -> None:
        if self.closed:
            return
        if self._queue.qsize() >= MAX_QUEUED_FRAMES:
            self.close_soon("slow_consumer")
            return
        self._idle.clear()
        self._queue.put_nowait(text)

    def close_soon(self, reason: str) -> None:
        if self.closed:
            return
        self._queue.put_nowait(protocol.disconnect(reason))
        self._queue.put_nowait(_CLOSE)
        self.closed = True

    async def drained(self) -> None:
        """Until everything queued so far is written (or the connection is gone)."""
        await self._idle.wait()

    async def _write(self) -> None:
        try:
            while True:
                item = await self._queue.get()
                if item is _CLOSE:
                    await self.ws.close(code=1000)
                    break
                await self.ws.send_text(item)
                if self._queue.empty():
                    self._idle.set()
        except Exception:  # noqa: BLE001 - the peer went away mid-write
            pass
        finally:
            self.closed = True
            self._idle.set()

    async def _ping(self) -> None:
        while not self.closed:
            await asyncio.sleep(protocol.PING_SECONDS)
            self.send(protocol.ping())

    # -- incoming --------------------------------------------------------------------------------

    async def run(self) -> None:
        writer = asyncio.create_task(self._write(), name="cable-writer")
        pinger = asyncio.create_task(self._ping(), name="cable-ping")
        self.send(protocol.WELCOME)
        try:
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                raw = message.get("text")
                if raw is None and message.get("bytes") is not None:
                    raw = message["bytes"].decode("utf-8", "replace")
                if raw:
                    await self._command(raw)
        finally:
            self.closed = True
            self._idle.set()
            for sub in self.subs.values():
                self.hub.unsubscribe(sub)
            self.subs.clear()
            pinger.cancel()
            writer.cancel()
            for task in (pinger, writer):
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _command(self, raw: str) -> None:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return
        if not isinstance(data, dict) or not isinstance(data.get("identifier"), str):
            return
        command, identifier = data.get("command"), data["identifier"]
        if command == "subscribe":
            if identifier in self.subs:
                return
            params = protocol.parse_identifier(identifier)
            if params is None or params.get("channel") != protocol.CHANNEL:
                self.send(protocol.reject(identifier))
                return
            sub = await self.hub.subscribe(self, identifier, params)
            if sub is not None:
                self.subs[identifier] = sub
        elif command == "unsubscribe":
            sub = self.subs.pop(identifier, None)
            if sub is not None:
                self.hub.unsubscribe(sub)
        elif command == "message":
            sub = self.subs.get(identifier)
            payload = protocol.parse_identifier(data.get("data"))
            if sub is None or payload is None:
                return
            if payload.get("action") == "update_presence":
                await self.hub.update_presence(sub)
            elif payload.get("action") == "viewing":
                await self.hub.update_viewing(sub, payload)


async def cable(websocket: WebSocket) -> None:
    hub: Hub = websocket.app.state.runtime.realtime
    offered = websocket.scope.get("subprotocols") or []
    await websocket.accept(subprotocol=protocol.SUBPROTOCOL if protocol.SUBPROTOCOL in offered else None)
    await CableConnection(websocket, hub).run()


def install(app: FastAPI) -> None:
    app.add_api_websocket_route("/cable", cable)
