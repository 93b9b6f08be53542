"""A fast bulk generator of benchmark data, cached between runs.

Chatlake's own command line migrates the database and creates the account, its administrator and API
token (`chatlake bootstrap --json`); Chatlake's action creates the API inbox. Then contacts, contact inboxes,
conversations and messages are written as rows, with executemany (SQLite) or COPY (PostgreSQL), in the schema
Chatlake's migrations made: N conversations, each with its own contact and M messages (alternating incoming
from the contact and outgoing from the administrator, the last one incoming, so every conversation is
waiting and has an unread count); every third assigned to the administrator. 1,000 conversations take a
second, 100,000 (1M messages) about a minute on SQLite here.

A built database is kept in bench/.cache (SQLite: a file; PostgreSQL: a database named
chatlake_bench_cache_<key>), keyed by the sizes, a hash of the migrations and ROWS_VERSION, and every
benchmark works on a copy of it (SQLite backup API; PostgreSQL CREATE DATABASE ... TEMPLATE).

    .venv/bin/python -m bench.bulk_seed 100000 [sqlite|postgres]
    .venv/bin/python -m bench.bulk_seed forget      (drop every cached database: `make bench-clean`)
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
import sqlite3
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import CACHE_DIR, postgres_url
from bench.servers import bootstrap, chatlake_env

MESSAGES_PER_CONVERSATION = 10
BATCH = 5_000
# Part of the cache key with the migrations: bump it when the rows written here change.
ROWS_VERSION = 1
SRC = Path(__file__).resolve().parent.parent / "src" / "chatlake"


@dataclass
class Seeded:
    """A seeded database and what a client needs to use it."""

    kind: str
    url: str  # the cached master: clone it, do not serve it
    token: str
    account_id: int
    user_id: int
    inbox_id: int
    secret_key: str
    conversations: int
    messages: int
    seconds: float  # how long building it took (0 when it came from the cache)


def cache_key(conversations: int, per_conversation: int) -> str:
    digest = hashlib.sha256(f"{conversations}:{per_conversation}:{ROWS_VERSION}".encode())
    for path in sorted((SRC / "migrations" / "versions").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{conversations}-{digest.hexdigest()[:12]}"


def seeded_database(kind: str, conversations: int, per_conversation: int = MESSAGES_PER_CONVERSATION) -> Seeded:
    """The cached database of this size, built first when there is none."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    key = cache_key(conversations, per_conversation)
    sidecar = CACHE_DIR / f"{kind}-{key}.json"
    if sidecar.exists():
        info = Seeded(**json.loads(sidecar.read_text()))
        if _still_there(info):
            return Seeded(**{**asdict(info), "seconds": 0.0})
    _forget_older(kind, conversations)
    info = _build(kind, key, conversations, per_conversation)
    sidecar.write_text(json.dumps(asdict(info), indent=2))
    return info


def _forget_older(kind: str, conversations: int) -> None:
    """Drop the cached databases of this kind and size built by other migrations or rows: they are stale."""
    for sidecar in CACHE_DIR.glob(f"{kind}-{conversations}-*.json"):
        try:
            info = Seeded(**json.loads(sidecar.read_text()))
        except (ValueError, TypeError):
            sidecar.unlink(missing_ok=True)
            continue
        if kind == "sqlite":
            path = Path(info.url.split(":///", 1)[1])
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        else:
            try:
                name = info.url.rsplit("/", 1)[1]
                asyncio.run(_pg_execute(postgres_url(), [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']))
            except Exception:  # noqa: BLE001 - unreachable now: nothing to drop, the build will say why
                pass
        sidecar.unlink(missing_ok=True)


def _still_there(info: Seeded) -> bool:
    if info.kind == "sqlite":
        return Path(info.url.split(":///", 1)[1]).exists()
    name = info.url.rsplit("/", 1)[1]
    try:
        found = asyncio.run(_pg_fetchval(postgres_url(), "SELECT 1 FROM pg_database WHERE datname = $1", name))
    except Exception:  # noqa: BLE001 - the server is not usable: rebuild will say why
        return False
    return bool(found)


def clone(info: Seeded, target: str) -> str:
    """A copy of the cached database; `target` is a file path (SQLite) or a database name (PostgreSQL). Returns
    its SQLAlchemy URL."""
    if info.kind == "sqlite":
        source = sqlite3.connect(info.url.split(":///", 1)[1])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
        return f"sqlite+aiosqlite:///{target}"
    master = info.url.rsplit("/", 1)[1]
    asyncio.run(_pg_execute(postgres_url(), [f'CREATE DATABASE "{target}" TEMPLATE "{master}"']))
    return postgres_url().rsplit("/", 1)[0] + "/" + target


def create_postgres_database(name: str) -> None:
    asyncio.run(_pg_execute(postgres_url(), [f'CREATE DATABASE "{name}"']))


def drop_clone(kind: str, target: str) -> None:
    if kind == "postgres":
        asyncio.run(_pg_execute(postgres_url(), [f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)']))


# ---------------------------------------------------------------------------------------------------------------
# Building


def _build(kind: str, key: str, conversations: int, per_conversation: int) -> Seeded:
    started = time.perf_counter()
    secret_key = secrets.token_urlsafe(32)
    data_dir = Path(tempfile.mkdtemp(prefix="chatlake-bulk-"))
    if kind == "sqlite":
        final = CACHE_DIR / f"sqlite-{key}.sqlite3"
        building = final.with_suffix(".building")
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)
        url = f"sqlite+aiosqlite:///{building}"
    else:
        final_name = f"chatlake_bench_cache_{key.replace('-', '_')}"
        building_name = final_name + "_building"
        asyncio.run(
            _pg_execute(
                postgres_url(),
                [
                    f'DROP DATABASE IF EXISTS "{building_name}" WITH (FORCE)',
                    f'DROP DATABASE IF EXISTS "{final_name}" WITH (FORCE)',
                    f'CREATE DATABASE "{building_name}"',
                ],
            )
        )
        url = postgres_url().rsplit("/", 1)[0] + "/" + building_name
    env = chatlake_env(url, data_dir, secret_key)
    boot = bootstrap(env)
    inbox_id = asyncio.run(_create_inbox(url, data_dir, secret_key, boot["api_access_token"], boot["account_id"]))
    rows = _Rows(boot["account_id"], boot["user_id"], inbox_id, conversations, per_conversation)
    if kind == "sqlite":
        _write_sqlite(building, rows)
        os.replace(building, final)
        url = f"sqlite+aiosqlite:///{final}"
    else:
        asyncio.run(_write_postgres(url, rows))
        asyncio.run(_pg_execute(postgres_url(), [f'ALTER DATABASE "{building_name}" RENAME TO "{final_name}"']))
        url = postgres_url().rsplit("/", 1)[0] + "/" + final_name
    return Seeded(
        kind=kind,
        url=url,
        token=boot["api_access_token"],
        account_id=boot["account_id"],
        user_id=boot["user_id"],
        inbox_id=inbox_id,
        secret_key=secret_key,
        conversations=conversations,
        messages=conversations * per_conversation,
        seconds=round(time.perf_counter() - started, 1),
    )


async def _create_inbox(url: str, data_dir: Path, secret_key: str, token: str, account_id: int) -> int:
    """The API inbox (no webhook), through Chatlake's action, as the API would create it."""
    from chatlake import crypto
    from chatlake.actions.inboxes import do_create_inbox
    from chatlake.auth.tokens import actor_in_account, user_for_token
    from chatlake.config import Settings
    from chatlake.db import Database

    settings = Settings(database_url=url, data_dir=data_dir, secret_key=secret_key, run_worker=False)
    crypto.configure(secret_key)
    db = Database(settings)
    try:
        async with db.transaction() as session:
            actor = await actor_in_account(session, await user_for_token(session, token), account_id)
            inbox, _channel = await do_create_inbox(session, actor, name="Bench API inbox", channel={"type": "api"})
            return inbox.id
    finally:
        await db.dispose()


class _Rows:
    """The rows, generated batch by batch. Times are UTC-aware datetimes; each writer adapts them."""

    CONTACT = (
        "id, account_id, name, email, phone_number, identifier, avatar_url, additional_attributes,"
        " custom_attributes, last_activity_at, contact_type, blocked, created_at, updated_at, cached_label_list"
    )
    CONTACT_INBOX = (
        "id, account_id, contact_id, inbox_id, source_id, hmac_verified, pubsub_token, created_at, updated_at"
    )
    CONVERSATION = (
        "id, account_id, display_id, uuid, inbox_id, contact_id, contact_inbox_id, status, priority, assignee_id,"
        " team_id, identifier, additional_attributes, custom_attributes, cached_label_list, muted, snoozed_until,"
        " last_activity_at, waiting_since, first_reply_created_at, agent_last_seen_at, assignee_last_seen_at,"
        " contact_last_seen_at, created_at, updated_at"
    )
    MESSAGE = (
        "id, account_id, inbox_id, conversation_id, message_type, content, private, status, content_type,"
        " content_attributes, additional_attributes, sender_type, sender_id, source_id, echo_id, created_at,"
        " updated_at"
    )

    def __init__(self, account_id: int, user_id: int, inbox_id: int, conversations: int, per_conversation: int):
        self.account_id = account_id
        self.user_id = user_id
        self.inbox_id = inbox_id
        self.conversations = conversations
        self.per_conversation = per_conversation
        # Conversation i's messages are a minute apart; the newest conversation's last message is an hour ago.
        self.start = datetime.now(UTC) - timedelta(minutes=conversations + per_conversation + 60)

    def batches(self):
        """(contacts, contact_inboxes, conversations, messages) rows for BATCH conversations at a time."""
        a, inbox, user = self.account_id, self.inbox_id, self.user_id
        m_id = 0
        for first in range(1, self.conversations + 1, BATCH):
            contacts, sessions, convs, msgs = [], [], [], []
            for i in range(first, min(first + BATCH, self.conversations + 1)):
                created = self.start + timedelta(minutes=i)
                times = [created + timedelta(seconds=20 * j) for j in range(self.per_conversation)]
                # The last message is incoming: message j is incoming when (per_conversation - 1 - j) is even.
                kinds = [0 if (self.per_conversation - 1 - j) % 2 == 0 else 1 for j in range(self.per_conversation)]
                last = times[-1] if times else created
                first_reply = next((t for t, k in zip(times, kinds, strict=True) if k == 1), None)
                contacts.append(
                    (i, a, f"Customer {i}", f"customer{i}@example.com", None, None, None, "{}", "{}", last, 0, False)
                    + (created, last, "")
                )
                sessions.append((i, a, i, inbox, str(uuid.uuid4()), False, secrets.token_urlsafe(18), created, created))
                convs.append(
                    (i, a, i, str(uuid.uuid4()), inbox, i, i, 0, None, user if i % 3 == 0 else None, None, None)
                    + ("{}", "{}", "", False, None, last, last, first_reply, None, None, None, created, last)
                )
                for t, kind in zip(times, kinds, strict=True):
                    m_id += 1
                    sender = ("Contact", i) if kind == 0 else ("User", user)
                    content = f"Message {m_id}: where is my order {i}?" if kind == 0 else f"Reply {m_id}: on its way."
                    msgs.append((m_id, a, inbox, i, kind, content, False, 0, 0, "{}", "{}", *sender, None, None, t, t))
            yield contacts, sessions, convs, msgs


def _progress(rows: _Rows):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("seeding {task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )
    return progress, f"{rows.conversations:,} conversations"


def _sqlite_time(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _write_sqlite(path: Path, rows: _Rows) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    tables = (
        ("contacts", _Rows.CONTACT),
        ("contact_inboxes", _Rows.CONTACT_INBOX),
        ("conversations", _Rows.CONVERSATION),
        ("messages", _Rows.MESSAGE),
    )
    progress, label = _progress(rows)
    with progress:
        task = progress.add_task(label, total=rows.conversations)
        for batch in rows.batches():
            conn.execute("BEGIN")
            for (table, columns), values in zip(tables, batch, strict=True):
                marks = ", ".join("?" * len(columns.split(",")))
                adapted = [tuple(_sqlite_time(v) if isinstance(v, datetime) else v for v in row) for row in values]
                conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", adapted)
            conn.execute("COMMIT")
            progress.advance(task, len(batch[2]))
    conn.execute("UPDATE accounts SET conversation_seq = ? WHERE id = ?", (rows.conversations, rows.account_id))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


async def _write_postgres(url: str, rows: _Rows) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    tables = (
        ("contacts", _Rows.CONTACT),
        ("contact_inboxes", _Rows.CONTACT_INBOX),
        ("conversations", _Rows.CONVERSATION),
        ("messages", _Rows.MESSAGE),
    )
    progress, label = _progress(rows)
    try:
        with progress:
            task = progress.add_task(label, total=rows.conversations)
            for batch in rows.batches():
                async with conn.transaction():
                    for (table, columns), values in zip(tables, batch, strict=True):
                        names = [c.strip() for c in columns.split(",")]
                        await conn.copy_records_to_table(table, records=values, columns=names)
                progress.advance(task, len(batch[2]))
        for table in ("contacts", "contact_inboxes", "conversations", "messages"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        await conn.execute(
            "UPDATE accounts SET conversation_seq = $1 WHERE id = $2", rows.conversations, rows.account_id
        )
        # A production server's autovacuum would have gathered statistics by now; give the copy the same.
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def _pg_execute(url: str, statements: list[str]) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def _pg_fetchval(url: str, sql: str, *args):
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


def forget_all() -> None:
    """Drop every cached database (SQLite files and PostgreSQL databases)."""
    for sidecar in CACHE_DIR.glob("*.json"):
        kind, size = sidecar.name.split("-")[:2]
        _forget_older(kind, int(size))


def main() -> None:
    if sys.argv[1:2] == ["forget"]:
        forget_all()
        return
    conversations = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    kind = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    info = seeded_database(kind, conversations)
    print(json.dumps(asdict(info), indent=2))


if __name__ == "__main__":
    main()
