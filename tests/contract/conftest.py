from __future__ import annotations

import pytest

from tests.support import WebhookReceiver


@pytest.fixture(scope="session")
def contract_receiver():
    """Receives the scenario's webhooks; open for the whole run, so deliveries still queued after the contract
    tests succeed instead of retrying against a closed port while other tests run."""
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()
