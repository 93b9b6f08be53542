"""Count the SQL statements Chatlake sends per hot-path request (a before_cursor_execute listener).

Runs create_app() in this process behind httpx's ASGI transport (no server, no worker), so it measures
statements, not speed. `make bench` calls it on the benchmark database; it also runs on its own, on a
fresh SQLite database with a small seed:

    .venv/bin/python -m bench.queries [-v]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import uuid
from pathlib import Path

import httpx
from sqlalchemy import event


async def count_statements(
    database_url: str, data_dir: Path, secret_key: str, token: str, account_id: int, display_id: int
) -> dict:
    from chatlake.app import create_app
    from chatlake.config import Settings

    settings = Settings(database_url=database_url, data_dir=data_dir, secret_key=secret_key, run_worker=False)
    app = create_app(settings, run_worker=False)
    runtime = app.state.runtime
    seen: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        seen.append(" ".join(statement.split()))

    for engine in runtime.db.engines:
        event.listen(engine.sync_engine, "before_cursor_execute", record)
    base = f"/api/v1/accounts/{account_id}"
    paths = {
        "create_message": ("POST", f"{base}/conversations/{display_id}/messages"),
        "create_incoming_message": ("POST", f"{base}/conversations/{display_id}/messages"),
        "conversation_list": ("GET", f"{base}/conversations"),
    }
    bodies = {
        "create_message": {"content": "counting statements", "message_type": "outgoing"},
        "create_incoming_message": {"content": "counting statements", "message_type": "incoming"},
    }
    out: dict = {}
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers={"api_access_token": token}
        ) as client:
            for name, (method, path) in paths.items():
                body = bodies.get(name)
                await client.request(method, path, json=body)  # warm: first-use work is not per request
                seen.clear()
                response = await client.request(method, path, json=body)
                response.raise_for_status()
                out[name] = {"statements": len(seen), "sql": list(seen)}
    finally:
        await runtime.close()
    return out


def _shorten(sql: str) -> str:
    return sql if len(sql) <= 160 else sql[:157] + "..."


def main() -> None:
    """Stand-alone: a fresh SQLite database, 30 conversations, the statements of each hot path."""
    from bench.seed import seed
    from bench.servers import bootstrap, chatlake_env

    verbose = "-v" in sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="chatlake-queries-") as tmp:
        data_dir = Path(tmp)
        url = f"sqlite+aiosqlite:///{data_dir / 'chatlake.sqlite3'}"
        secret = uuid.uuid4().hex
        boot = bootstrap(chatlake_env(url, data_dir, secret))
        token, account_id = boot["api_access_token"], boot["account_id"]
        asyncio.run(seed(url, data_dir, secret, token, account_id, 30))
        counts = asyncio.run(count_statements(url, data_dir, secret, token, account_id, 1))
    for name, info in counts.items():
        print(f"{name}: {info['statements']} statements")
        if verbose:
            for sql in info["sql"]:
                print("   ", _shorten(sql))


if __name__ == "__main__":
    main()
