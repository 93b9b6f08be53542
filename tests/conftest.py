from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from chatlake.config import Settings
from tests.processes import drop_created_databases, fresh_database_url
from tests.support import POSTGRES_DEFAULT, LiveServer, WebhookReceiver


def pytest_addoption(parser):
    parser.addoption("--db", default="sqlite", choices=("sqlite", "postgres"), help="database to test against")


def postgres_url() -> str:
    return os.environ.get("CHATLAKE_TEST_POSTGRES_URL", POSTGRES_DEFAULT)


@pytest.fixture(scope="session")
def db_kind(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def data_dir():
    path = Path(tempfile.mkdtemp(prefix="chatlake-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def make_settings(db_kind: str, data_dir: Path, database_url: str | None = None) -> Settings:
    url = database_url or (postgres_url() if db_kind == "postgres" else "")
    return Settings(
        database_url=url,
        data_dir=data_dir,
        secret_key="test-secret-key-not-for-production",
        allowed_private_hosts="127.0.0.1,::1,localhost",
        webhook_retry_base_seconds=0.05,
        webhook_retry_max_delay_seconds=0.5,
        worker_poll_seconds=0.2,
    )


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases():
    yield
    drop_created_databases()


@pytest.fixture(scope="session")
def settings(db_kind, data_dir) -> Settings:
    # PostgreSQL: a database of this run's own, so parallel runs (and other users of the server's
    # `test` database) never see each other's schema.
    url = fresh_database_url("postgres", postgres_url(), data_dir) if db_kind == "postgres" else None
    return make_settings(db_kind, data_dir, url)


@pytest.fixture(scope="session")
def server(settings, db_kind):
    from chatlake import crypto
    from chatlake.db import create_engine
    from chatlake.migrate import upgrade_to_head

    async def migrate():
        crypto.configure(settings.secret_key)
        engine = create_engine(settings)
        await upgrade_to_head(engine)
        await engine.dispose()

    asyncio.run(migrate())
    live = LiveServer(settings).start()
    yield live
    live.stop()


@pytest.fixture
def account(server):
    """A fresh account with its administrator: tests are isolated by tenant, as users are."""
    acct = server.bootstrap()
    yield acct
    if acct._client is not None:
        acct._client.close()


@pytest.fixture
def other_account(server):
    acct = server.bootstrap("Other Co")
    yield acct
    if acct._client is not None:
        acct._client.close()


@pytest.fixture
def receiver():
    r = WebhookReceiver()
    yield r
    r.close()
