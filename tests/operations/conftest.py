from __future__ import annotations

import asyncio

import pytest

from chatlake.db import create_engine
from chatlake.migrate import upgrade_to_head
from tests.conftest import postgres_url
from tests.processes import fresh_database_url
from tests.support import LiveServer


@pytest.fixture(scope="module")
def ops_server(settings, db_kind, data_dir):
    """A server of its own on a database of its own, with metrics on and short health thresholds, so
    stopping its worker or ageing its backlog touches no other test (and no other server's worker beats)."""
    url = fresh_database_url(db_kind, postgres_url(), data_dir)
    own = settings.model_copy(
        update={
            "database_url": url,
            "metrics_enabled": True,
            "worker_heartbeat_seconds": 0.2,
            "health_worker_stale_seconds": 2.0,
            "health_backlog_max_age_seconds": 30.0,
        }
    )

    async def migrate():
        engine = create_engine(own)
        await upgrade_to_head(engine)
        await engine.dispose()

    asyncio.run(migrate())
    live = LiveServer(own).start()
    yield live
    live.stop()
