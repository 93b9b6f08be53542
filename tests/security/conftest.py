"""The security battery's worlds: full accounts built through the API (tests/contract/world.py), one that the
fuzzer may wreck, and a victim and an intruder for the tenant-isolation matrix."""

from __future__ import annotations

import pytest

from tests.contract.world import World
from tests.support import WebhookReceiver


@pytest.fixture(scope="session")
def security_receiver():
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()


@pytest.fixture(scope="session")
def fuzz_world(server, security_receiver):
    world = World.build(server, security_receiver.url)
    yield world
    world.close()
