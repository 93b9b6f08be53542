"""Counting the SQL statements one HTTP request runs on the live test server."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from sqlalchemy import event


class QueryCounter:
    def __init__(self, server) -> None:
        # SQLite has a writer and a reader engine; a request's statements may go to either.
        self.engines = [engine.sync_engine for engine in server.app.state.runtime.db.engines]
        self.statements: list[str] = []
        self._lock = threading.Lock()

    def _on_execute(self, conn, cursor, statement, parameters, context, executemany):
        task = asyncio.current_task() if _loop_running() else None
        # The delivery worker shares the engine; its polling is not the request's cost.
        if task is not None and task.get_name().startswith("delivery-worker"):
            return
        if statement.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            return
        with self._lock:
            self.statements.append(statement)

    @contextlib.contextmanager
    def counting(self):
        self.statements.clear()
        for engine in self.engines:
            event.listen(engine, "before_cursor_execute", self._on_execute)
        try:
            yield self
        finally:
            for engine in self.engines:
                event.remove(engine, "before_cursor_execute", self._on_execute)

    @property
    def count(self) -> int:
        return len(self.statements)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False
