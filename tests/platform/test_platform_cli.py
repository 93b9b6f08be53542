"""`chatlake platform-app create | list | revoke`: the token is printed once and opens the Platform API.

Run in-process (Typer's runner) against the test server's own database, so the created token can be tried
over HTTP at once; the installation secret is the server's, as it would be on one installation."""

from __future__ import annotations

import json

import httpx
import pytest
from typer.testing import CliRunner

from chatlake.cli import cli
from chatlake.config import get_settings


@pytest.fixture
def run(server, settings):
    env = {
        "CHATLAKE_DATABASE_URL": settings.resolved_database_url,
        "CHATLAKE_DATA_DIR": str(settings.data_dir),
        "CHATLAKE_SECRET_KEY": settings.secret_key,
    }
    runner = CliRunner()

    def invoke(*args: str):
        get_settings.cache_clear()
        try:
            return runner.invoke(cli, ["platform-app", *args], env=env)
        finally:
            get_settings.cache_clear()

    return invoke


def test_create_list_and_revoke(run, server):
    created = run("create", "--name", "Reseller CLI", "--json")
    assert created.exit_code == 0, created.output
    app = json.loads(created.stdout)
    assert app["name"] == "Reseller CLI" and len(app["access_token"]) >= 40
    platform = httpx.Client(base_url=server.url + "/platform/api/v1", headers={"api_access_token": app["access_token"]})
    assert platform.post("/accounts", json={"name": "From the CLI's app"}).status_code == 200

    listed = run("list", "--json")
    assert listed.exit_code == 0, listed.output
    row = next(r for r in json.loads(listed.stdout) if r["id"] == app["id"])
    assert (row["name"], row["revoked_at"], row["records"]) == ("Reseller CLI", None, 1)
    assert app["access_token"] not in listed.stdout  # shown once, at creation only

    revoked = run("revoke", str(app["id"]))
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert platform.get("/agent_bots").status_code == 401
    row = next(r for r in json.loads(run("list", "--json").stdout) if r["id"] == app["id"])
    assert row["revoked_at"]
    platform.close()

    missing = run("revoke", "999999")
    assert missing.exit_code == 2 and "No platform app with id 999999" in missing.output
    blank = run("create", "--name", " ")
    assert blank.exit_code == 2 and "Name can't be blank" in blank.output
