"""What one SQL statement costs through each layer Chatlake uses, in CPU time, against the bare driver.

Sequential, in one process, no HTTP: the ORM (`session.scalar(select(Model))`), Core (`conn.execute(select(table))`),
SQLAlchemy with a plain SQL string (`exec_driver_sql`), and the driver alone, on one row and on 25 rows.

    .venv/bin/python -m bench.overhead [sqlite|postgres]
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from bench.seed import seed
from bench.servers import BenchDatabase, bootstrap, chatlake_env

N = 400


async def _timed(label: str, call, n: int = N) -> None:
    for _ in range(20):
        await call()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(n):
        await call()
    cpu, wall = (time.process_time() - cpu) / n * 1000, (time.perf_counter() - wall) / n * 1000
    print(f"  {label:<58}{cpu:8.3f} ms CPU{wall:8.3f} ms wall")


async def measure(db: BenchDatabase, data_dir: Path, secret: str, account_id: int, conversations: int) -> None:
    from chatlake import crypto
    from chatlake.config import Settings
    from chatlake.db import Database
    from chatlake.models import Contact, Conversation

    crypto.configure(secret)
    database = Database(Settings(database_url=db.chatlake_url, data_dir=data_dir, secret_key=secret))
    rnd = random.Random(1)
    conv, contacts = Conversation.__table__, Contact.__table__
    ids = list(range(1, 26))
    sqlite = db.kind == "sqlite"
    one_sql = "SELECT * FROM conversations WHERE account_id = {} AND display_id = {}"
    many_sql = "SELECT * FROM contacts WHERE account_id = {} AND id IN ({})"
    if sqlite:
        one_sql, many_sql = one_sql.format("?", "?"), many_sql.format("?", ", ".join("?" * 25))
    else:
        one_sql = one_sql.format("$1", "$2")
        many_sql = many_sql.format("$1", ", ".join(f"${i}" for i in range(2, 27)))
    try:
        async with database.engine.connect() as conn, database.sessionmaker(bind=conn) as session:
            print("one row (a conversation by display id), inside an open transaction:")
            await _timed(
                "ORM   session.scalar(select(Conversation).where(...))",
                lambda: session.scalar(
                    select(Conversation).where(
                        Conversation.account_id == account_id, Conversation.display_id == rnd.randint(1, conversations)
                    )
                ),
            )
            session.expunge_all()

            async def core_one():
                query = select(conv).where(
                    conv.c.account_id == account_id, conv.c.display_id == rnd.randint(1, conversations)
                )
                return (await conn.execute(query)).first()

            await _timed("Core  conn.execute(select(conversations).where(...))", core_one)

            async def driver_sql_one():
                return (await conn.exec_driver_sql(one_sql, (account_id, rnd.randint(1, conversations)))).first()

            await _timed("SQLAlchemy exec_driver_sql(plain SQL)", driver_sql_one)
            print("25 rows (contacts by id):")
            await _timed(
                "ORM   session.scalars(select(Contact).where(id IN 25))",
                lambda: _all(
                    session.scalars(select(Contact).where(Contact.account_id == account_id, Contact.id.in_(ids)))
                ),
            )
            session.expunge_all()

            async def core_many():
                query = select(contacts).where(contacts.c.account_id == account_id, contacts.c.id.in_(ids))
                return (await conn.execute(query)).all()

            await _timed("Core  conn.execute(select(contacts).where(id IN 25))", core_many)
        await _raw(db, account_id, conversations, one_sql, many_sql, rnd)
    finally:
        await database.dispose()


async def _all(awaitable):
    return list(await awaitable)


async def _raw(db: BenchDatabase, account_id: int, conversations: int, one_sql: str, many_sql: str, rnd) -> None:
    print("the driver alone:")
    many_args = (account_id, *range(1, 26))
    if db.kind == "sqlite":
        import aiosqlite

        conn = await aiosqlite.connect(db.chatlake_url.split(":///", 1)[1])
        try:
            await _timed(
                "aiosqlite execute_fetchall, one row",
                lambda: conn.execute_fetchall(one_sql, (account_id, rnd.randint(1, conversations))),
            )
            await _timed("aiosqlite execute_fetchall, 25 rows", lambda: conn.execute_fetchall(many_sql, many_args))
        finally:
            await conn.close()
        return
    import asyncpg

    conn = await asyncpg.connect(db.chatlake_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        await _timed(
            "asyncpg fetchrow, one row", lambda: conn.fetchrow(one_sql, account_id, rnd.randint(1, conversations))
        )
        await _timed("asyncpg fetch, 25 rows", lambda: conn.fetch(many_sql, *many_args))
    finally:
        await conn.close()


def main() -> None:
    kind = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    from bench.common import postgres_url

    conversations = 50
    with tempfile.TemporaryDirectory(prefix="chatlake-overhead-") as tmp:
        work = Path(tmp)
        db = BenchDatabase.create(kind, work, postgres_url())
        try:
            secret = uuid.uuid4().hex
            boot = bootstrap(chatlake_env(db.chatlake_url, work / "data", secret))
            asyncio.run(
                seed(
                    db.chatlake_url, work / "data", secret, boot["api_access_token"], boot["account_id"], conversations
                )
            )
            print(f"{kind}: CPU time per statement, {N} sequential calls each")
            asyncio.run(measure(db, work / "data", secret, boot["account_id"], conversations))
        finally:
            db.drop()


if __name__ == "__main__":
    main()
