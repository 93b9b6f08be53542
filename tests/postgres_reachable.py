"""Exit 0 when the test PostgreSQL answers, 1 otherwise (used by `make test`)."""

import asyncio
import os
import sys

from tests.support import POSTGRES_DEFAULT


async def main() -> int:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(os.environ.get("CHATLAKE_TEST_POSTGRES_URL", POSTGRES_DEFAULT))
    try:
        async with engine.connect() as conn:
            await asyncio.wait_for(conn.execute(text("select 1")), 5)
        return 0
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return 1
    finally:
        await engine.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
