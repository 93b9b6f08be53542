"""`chatlake serve | worker | migrate | bootstrap`."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys

import typer

from chatlake.config import Settings, get_settings

cli = typer.Typer(help="Chatlake: customer conversations with a Chatwoot-compatible API.", no_args_is_help=True)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


async def _migrate(settings: Settings) -> None:
    from chatlake import crypto
    from chatlake.db import create_engine
    from chatlake.migrate import upgrade_to_head
    from chatlake.runtime import load_secret_key

    crypto.configure(load_secret_key(settings))
    engine = create_engine(settings)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


def _run_db(coro_factory, settings: Settings):
    try:
        return asyncio.run(coro_factory())
    except (OSError, ConnectionError) as exc:
        _fail(f"cannot reach the database ({_safe_url(settings)}): {exc}")
    except Exception as exc:  # noqa: BLE001 - turn driver errors into one clear line
        if type(exc).__module__.startswith(("sqlalchemy", "asyncpg", "sqlite3")):
            _fail(f"database error ({_safe_url(settings)}): {exc}".splitlines()[0])
        raise


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.resolved_database_url).render_as_string(hide_password=True)


@cli.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    settings = get_settings()
    _run_db(lambda: _migrate(settings), settings)
    typer.echo(f"database is up to date ({_safe_url(settings)})")


async def _bootstrap(settings: Settings, account_name: str, email: str, password: str, name: str | None):
    from chatlake.actions.accounts import do_bootstrap_account
    from chatlake.runtime import Runtime

    runtime = Runtime.build(settings)
    try:
        async with runtime.db.transaction() as session:
            return await do_bootstrap_account(
                session, account_name=account_name, email=email, password=password, user_name=name
            )
    finally:
        await runtime.db.dispose()
        await runtime.http.aclose()


@cli.command()
def bootstrap(
    account_name: str = typer.Option(..., "--account-name", help="Name of the new account."),
    email: str = typer.Option(..., "--email", help="The administrator's email (sign-in name)."),
    password: str = typer.Option(..., "--password", help="The administrator's password (8+ characters)."),
    name: str = typer.Option(None, "--name", help="The administrator's display name."),
    as_json: bool = typer.Option(False, "--json", help="Print ids and token as JSON."),
) -> None:
    """Create an account with an administrator (idempotent by email)."""
    from chatlake.errors import ChatlakeError

    settings = get_settings()
    _run_db(lambda: _migrate(settings), settings)
    try:
        result = _run_db(lambda: _bootstrap(settings, account_name, email, password, name), settings)
    except ChatlakeError as exc:
        _fail(exc.message, 2)
    out = {"account_id": result.account.id, "user_id": result.user.id, "api_access_token": result.api_access_token}
    if as_json:
        typer.echo(json.dumps(out))
    else:
        typer.echo(
            ("Created" if result.created else "Already exists:") + f" account {out['account_id']}, "
            f"user {out['user_id']} ({email})\nAPI access token: {out['api_access_token']}"
        )


async def _first_start(settings: Settings) -> dict | None:
    """On an empty installation, create the first account and administrator and return how to sign in."""
    import secrets

    from sqlalchemy import func, select

    from chatlake.actions.accounts import do_bootstrap_account
    from chatlake.models import User
    from chatlake.runtime import Runtime

    runtime = Runtime.build(settings)
    try:
        async with runtime.db.transaction() as session:
            if await session.scalar(select(func.count()).select_from(User)):
                return None
            email = os.environ.get("CHATLAKE_ADMIN_EMAIL", "admin@chatlake.local")
            password = os.environ.get("CHATLAKE_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            result = await do_bootstrap_account(
                session, account_name="My Company", email=email, password=password, user_name="Administrator"
            )
            return {
                "email": email,
                "password": password,
                "token": result.api_access_token,
                "account_id": result.account.id,
            }
    finally:
        await runtime.db.dispose()
        await runtime.http.aclose()


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(None, "--port", help="Port (default: $PORT or 3000)."),
    no_worker: bool = typer.Option(False, "--no-worker", help="Do not run the delivery worker in-process."),
) -> None:
    """Migrate, create the first administrator if there is none, and serve HTTP."""
    import uvicorn

    from chatlake.app import create_app

    port = port or int(os.environ.get("PORT", "3000"))
    settings = get_settings()
    _run_db(lambda: _migrate(settings), settings)
    first = _run_db(lambda: _first_start(settings), settings)
    url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}"
    if first:
        typer.echo(
            "\n  Chatlake is ready. First administrator created:\n"
            f"    Dashboard:        {url}/app/login\n"
            f"    Email:            {first['email']}\n"
            f"    Password:         {first['password']}\n"
            f"    API access token: {first['token']}   (account id {first['account_id']})\n"
            "  Keep these: the password is shown only now (the token stays in Profile settings).\n"
        )
    else:
        typer.echo(f"\n  Chatlake: {url}/app/login  (API token: Profile settings > Access Token)\n")
    app = create_app(settings, run_worker=not no_worker)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
    )


@cli.command()
def worker() -> None:
    """Run a standalone delivery worker (several may run against PostgreSQL)."""
    from chatlake.jobs.inbox_schedule import InboxSchedule
    from chatlake.runtime import Runtime

    settings = get_settings()
    _run_db(lambda: _migrate(settings), settings)

    async def run() -> None:
        runtime = Runtime.build(settings)
        schedule = InboxSchedule(runtime.db, after_commit=runtime.after_commit)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, lambda: (runtime.worker.stop(), schedule.stop()))
        typer.echo("delivery worker running")
        try:
            await asyncio.gather(runtime.worker.run(), schedule.run())
        finally:
            await runtime.close()

    asyncio.run(run())


def main() -> None:
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
