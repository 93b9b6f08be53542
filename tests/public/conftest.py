from __future__ import annotations

import pytest

from tests.public.support import api_inbox


@pytest.fixture
def inbox(account):
    public = api_inbox(account)
    yield public
    public.client.close()


@pytest.fixture
def strict_inbox(account):
    """An inbox that requires identity validation."""
    public = api_inbox(account, hmac_mandatory=True)
    yield public
    public.client.close()
