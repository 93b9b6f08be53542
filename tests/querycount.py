"""Counting the SQL statements one HTTP request runs on the live test server."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from sqlalchemy import event


class QueryCounter:
    def __init__(self, server) -> None:
        self.engine = server.app.state.runtime.db.engine.sync_engine
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
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        try:
            yield self
        finally:
            event.remove(self.engine, "before_cursor_execute", self._on_execute)

    @property
    def count(self) -> int:
        return len(self.statements)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False
