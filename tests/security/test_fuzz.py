"""Schemathesis against our own /api-docs/openapi.json with an administrator's token: every operation gets
generated requests (valid and invalid), and every answer must be no 5xx and match the document.

`CHATLAKE_FUZZ_EXAMPLES` sets the examples per operation (CI: 14, over 5,000 requests in all, the same ones each
run; `make fuzz`: 100 per operation with a random seed, over 35,000)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from chatlake.app import create_app
from chatlake.config import Settings
from tests.security.targets import object_ids

DEFAULT_EXAMPLES = 14  # about 2.2 requests per example: over 5,000 requests across the 173 operations
EXAMPLES = int(os.environ.get("CHATLAKE_FUZZ_EXAMPLES", str(DEFAULT_EXAMPLES)))
RANDOM = bool(os.environ.get("CHATLAKE_FUZZ_RANDOM"))
MINIMUM_REQUESTS = 5000
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
SENT = {"requests": 0}


@pytest.fixture(scope="module")
def fuzz_ids(fuzz_world) -> dict:
    return object_ids(fuzz_world)


def _served_document() -> dict:
    """The document the server serves, built by the app itself (tests/contract checks it is the served one):
    read at collection so that each operation is a test of its own."""
    folder = tempfile.mkdtemp(prefix="chatlake-openapi-")
    try:
        return create_app(
            Settings(data_dir=Path(folder), secret_key="test-secret-key-not-for-production"), run_worker=False
        ).openapi()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


schema = schemathesis.openapi.from_dict(_served_document())


def _collections(path: str) -> dict[str, str]:
    """Path parameter -> the collection segment before it, e.g. {"id": "contacts"}."""
    return {name: collection for collection, name in re.findall(r"/(\w+)/\{(\w+)\}", path)}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
def test_generated_requests(case, server, fuzz_world, fuzz_ids):
    # Real objects of the administrator's account in the path, so generated bodies reach the actions.
    for name, collection in _collections(case.operation.path).items():
        if collection in fuzz_ids and case.path_parameters is not None:
            case.path_parameters[name] = fuzz_ids[collection]
    response = case.call(base_url=server.url, headers={"api_access_token": fuzz_world.admin.token})
    SENT["requests"] += 1
    case.validate_response(response, checks=CHECKS)


def test_the_fuzzer_sent_enough_requests():
    """Runs after the generated tests of this module (pytest keeps file order)."""
    if SENT["requests"] == 0:
        pytest.skip("the generated tests did not run in this session")
    print(f"schemathesis: {SENT['requests']} generated requests")
    assert SENT["requests"] >= MINIMUM_REQUESTS * EXAMPLES // DEFAULT_EXAMPLES
