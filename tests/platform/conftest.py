from __future__ import annotations

import pytest

from tests.platform.support import new_platform_app


@pytest.fixture
def platform(server):
    client = new_platform_app(server, "Reseller A")
    yield client
    client.close()


@pytest.fixture
def other_platform(server):
    client = new_platform_app(server, "Reseller B")
    yield client
    client.close()
