"""The conversation list looks its rows' contacts up by primary key, whatever the account's size.

SQLite without ANALYZE statistics preferred an index starting with account_id over the primary key for
`account_id = ? AND id IN (...)`, so every list page walked all the account's contacts and contact inboxes
(docs/benchmarks.md, the dashboard list section). The plan does not depend on the rows, so a few suffice.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.dashboard_support import Dashboard


def test_list_pages_load_contacts_and_contact_inboxes_by_primary_key(server, account, db_kind):
    if db_kind != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's also weighs the table's size (it scans a small one whole)")
    inbox = account.create_api_inbox()
    for n in range(3):
        contact = account.create_contact(inbox["id"], name=f"Customer {n}")
        r = account.post(
            "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
        )
        account.create_message(r.json()["id"], f"hello {n}", message_type="incoming")
    browser = Dashboard(server.url)
    assert browser.sign_in(account.email, account.password).status_code == 303

    db = server.app.state.runtime.db
    # GET requests read through SQLite's reader engine; the plans are asked of the same connections.
    engine = db.read_engine or db.engine
    seen: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        seen.append((statement, tuple(parameters)))

    lookups: dict[str, list[str]] = {}
    requests = {
        "/app": lambda: browser.get("/app"),
        "/app/conversations/list": lambda: browser.get("/app/conversations/list"),
        "API list": lambda: account.get("/conversations"),
    }
    for path, get in requests.items():
        seen.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            r = get()
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
        assert r.status_code == 200
        for statement, parameters in seen:
            table = next((t for t in ("contact_inboxes", "contacts") if f"FROM {t} " in statement), None)
            if table is not None and " IN (" in statement:
                lookups.setdefault(path, []).append(table + ": " + plan(server, engine, statement, parameters))

    for path, plans in lookups.items():
        assert len(plans) >= 2, (path, plans)  # contacts and contact inboxes (and the senders, as contacts)
        assert all("INTEGER PRIMARY KEY" in p for p in plans), (path, plans)
    assert len(lookups) == 3
    browser.close()


def plan(server, engine, statement: str, parameters: tuple) -> str:
    async def explain() -> str:
        async with engine.connect() as conn:
            rows = (await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)).all()
        return " | ".join(str(row[-1]) for row in rows)

    return server.call(explain())
