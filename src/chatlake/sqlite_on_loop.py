"""SQLite driven from the event loop itself, with no thread per connection.

aiosqlite runs every statement on a thread of its own and hands the result back through a future: on one
core, with the GIL, that round trip costs far more than the statement (SQLite answers a primary-key lookup
in microseconds). These classes give SQLAlchemy's aiosqlite dialect the awaitable connection it expects
(through `create_async_engine(..., async_creator=...)`) but run each call on the calling thread at once.

A statement therefore holds the event loop while SQLite works. That is what we want for the short
statements of an online request; it is why writers must never wait inside SQLite (the busy handler would
sleep on the loop): Database queues them in asyncio instead, and BEGIN IMMEDIATE is retried with an
asyncio sleep (`begin_immediate`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable

from sqlalchemy.util import await_only

# How long one statement may wait inside SQLite for another process's lock before failing. Short: this
# wait blocks the event loop. Only another process (a `chatlake worker` on the same file) can hold it.
BUSY_TIMEOUT_MS = 20
# How long a writer keeps retrying BEGIN IMMEDIATE while another process holds the write lock.
BEGIN_TIMEOUT_SECONDS = 10.0


class OnLoopCursor:
    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> OnLoopCursor:
        return self

    async def __aexit__(self, *_exc) -> None:
        self._cursor.close()

    @property
    def description(self):
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self):
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters=()) -> OnLoopCursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, seq_of_parameters) -> OnLoopCursor:
        self._cursor.executemany(sql, seq_of_parameters)
        return self

    async def fetchone(self):
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None):
        return self._cursor.fetchmany(size) if size is not None else self._cursor.fetchmany()

    async def fetchall(self):
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class OnLoopConnection:
    """The awaitable surface of aiosqlite.Connection that SQLAlchemy uses, over a plain sqlite3 connection."""

    __slots__ = ("_connection",)

    def __init__(self, connection: sqlite3.Connection) -> None:
        # SQLAlchemy's aiosqlite adapter looks for `_connection` to tell whether the connection is open.
        self._connection = connection

    @property
    def raw(self) -> sqlite3.Connection:
        return self._connection

    @property
    def isolation_level(self):
        return self._connection.isolation_level

    def cursor(self) -> OnLoopCursor:
        return OnLoopCursor(self._connection.cursor())

    async def commit(self) -> None:
        self._connection.commit()

    async def rollback(self) -> None:
        self._connection.rollback()

    async def close(self) -> None:
        self._connection.close()

    async def create_function(self, *args, **kwargs) -> None:
        self._connection.create_function(*args, **kwargs)

    def stop(self) -> None:
        self._connection.close()


def connector(path: str) -> Callable:
    """The `async_creator` of an engine: opens a tuned connection to the file at `path`."""

    async def connect() -> OnLoopConnection:
        # Autocommit mode at the driver: transactions are begun explicitly (BEGIN / BEGIN IMMEDIATE).
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # WAL lets readers run while a writer commits; synchronous=NORMAL is durable across a process crash.
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
            "synchronous=NORMAL",
            "foreign_keys=ON",
        ):
            connection.execute(f"PRAGMA {pragma}")
        return OnLoopConnection(connection)

    return connect


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def begin_immediate(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting for another process's write lock with asyncio sleeps, not on the loop.

    Called from SQLAlchemy's (synchronous) "begin" event, which runs inside the greenlet of an async
    session: `await_only` suspends the request there and lets the loop serve others meanwhile.
    """
    deadline = time.monotonic() + BEGIN_TIMEOUT_SECONDS
    delay = 0.001
    while True:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
        await_only(asyncio.sleep(delay))
        delay = min(delay * 2, 0.05)
