"""The migrations build exactly the schema the models describe, and step down and up again."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from chatlake.db import create_engine
from chatlake.migrate import alembic_config, upgrade_to_head
from chatlake.models import Base

INITIAL_REVISION = "015fd10811ae"


def _differences(sync_conn) -> list:
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def test_the_migrated_database_matches_the_models(server, settings):
    """`server` has migrated the test database (SQLite or PostgreSQL) to head."""

    async def go():
        engine = create_engine(settings)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(_differences)
        finally:
            await engine.dispose()

    assert asyncio.run(go()) == []


def test_the_labels_migration_goes_down_and_up(tmp_path):
    async def go():
        engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}")
        try:
            await upgrade_to_head(engine)
            async with engine.begin() as conn:
                await conn.run_sync(lambda c: command.downgrade(alembic_config(c), INITIAL_REVISION))
                tables_down = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            async with engine.begin() as conn:
                await conn.run_sync(lambda c: command.upgrade(alembic_config(c), "heads"))
                tables_up = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            return tables_down, tables_up
        finally:
            await engine.dispose()

    tables_down, tables_up = asyncio.run(go())
    assert not {"labels", "canned_responses"} & tables_down
    assert {"labels", "canned_responses"} <= tables_up
