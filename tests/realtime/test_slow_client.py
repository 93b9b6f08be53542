"""A client that stops reading is disconnected (to reconnect with its cursor), not buffered without bound."""

from __future__ import annotations

import asyncio
import json

from chatlake.realtime import cable


class StuckSocket:
    """Writes block after the first few frames, as when the peer stops reading and TCP buffers fill."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed_with: int | None = None
        self.unblock = asyncio.Event()

    async def send_text(self, text: str) -> None:
        if len(self.sent) >= 3:
            await self.unblock.wait()
        self.sent.append(text)

    async def close(self, code: int = 1000) -> None:
        self.closed_with = code


def test_a_client_too_far_behind_is_told_to_reconnect_and_closed(monkeypatch):
    monkeypatch.setattr(cable, "MAX_QUEUED_FRAMES", 50)

    async def go():
        socket = StuckSocket()
        conn = cable.CableConnection(socket, hub=None)
        writer = asyncio.create_task(conn._write())
        for i in range(200):
            conn.send(f'"frame {i}"')
            await asyncio.sleep(0)
            if conn.closed:
                break
        # Three written, one stuck in the write, fifty queued: the next one is too many.
        assert conn.closed and i == 3 + 1 + 50
        conn.send('"ignored"')
        socket.unblock.set()
        await asyncio.wait_for(writer, 5)
        return socket

    socket = asyncio.run(go())
    assert socket.closed_with == 1000
    assert json.loads(socket.sent[-1]) == {"type": "disconnect", "reason": "slow_consumer", "reconnect": True}
    assert '"ignored"' not in socket.sent and '"frame 54"' not in socket.sent
