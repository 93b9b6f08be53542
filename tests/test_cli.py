"""The command line: bootstrap for scripts, clear failures."""

from __future__ import annotations

import json

from tests.conftest import postgres_url
from tests.processes import chatlake_env, fresh_database_url, run_cli


def test_bootstrap_prints_ids_and_a_working_token_and_is_idempotent(db_kind, data_dir, tmp_path):
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), tmp_path)
    args = ["bootstrap", "--account-name", "Acme", "--email", "Boss@Example.com", "--password", "longenough", "--json"]
    first = run_cli(args, env)
    assert first.returncode == 0, first.stderr
    ids = json.loads(first.stdout)
    assert set(ids) == {"account_id", "user_id", "api_access_token"}
    assert len(ids["api_access_token"]) >= 24

    second = run_cli(args, env)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == ids


def test_bad_arguments_fail_clearly(tmp_path):
    env = chatlake_env(f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    missing = run_cli(["bootstrap", "--account-name", "Acme", "--json"], env)
    assert missing.returncode != 0
    assert "--email" in missing.stderr
    bad_email = run_cli(["bootstrap", "--account-name", "A", "--email", "nope", "--password", "longenough"], env)
    assert bad_email.returncode == 2
    assert "Email is invalid" in bad_email.stderr
    short = run_cli(["bootstrap", "--account-name", "A", "--email", "a@b.co", "--password", "short"], env)
    assert short.returncode == 2
    assert "Password is too short" in short.stderr


def test_an_unreachable_database_is_one_clear_line(tmp_path):
    env = chatlake_env("postgresql+asyncpg://nobody:secretpw@127.0.0.1:1/none", tmp_path)
    result = run_cli(["migrate"], env)
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr
    assert "secretpw" not in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_commands(tmp_path):
    result = run_cli(["--help"], chatlake_env("", tmp_path))
    assert result.returncode == 0
    for command in ("serve", "worker", "migrate", "bootstrap"):
        assert command in result.stdout
