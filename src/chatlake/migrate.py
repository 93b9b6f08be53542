"""Schema migrations (Alembic), run against the configured database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# PostgreSQL advisory lock key held while migrating, so processes starting at once migrate one after another.
MIGRATION_LOCK_KEY = 0x63686C6B  # "chlk"


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Upgrade to every head: independent features may branch off one revision (merged later)."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several processes starting together on a new release: the first migrates, the others wait
            # here and then find nothing left to do. (SQLite's write lock already serialises them.)
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await conn.run_sync(lambda sync_conn: command.upgrade(alembic_config(sync_conn), "heads"))


async def schema_is_current(engine: AsyncEngine) -> bool:
    """True if the database is at every head of the migrations this code carries (nothing to upgrade)."""
    expected = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    async with engine.connect() as conn:
        current = await conn.run_sync(lambda sync_conn: set(MigrationContext.configure(sync_conn).get_current_heads()))
    return current == expected


async def autogenerate(engine: AsyncEngine, message: str) -> None:
    """Developer helper: write a new revision from the models' difference to the database."""
    async with engine.begin() as conn:
        await conn.run_sync(
            lambda sync_conn: command.revision(alembic_config(sync_conn), message=message, autogenerate=True)
        )
