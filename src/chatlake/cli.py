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


async def _check_schema(settings: Settings) -> bool:
    from chatlake.db import create_engine
    from chatlake.migrate import schema_is_current

    engine = create_engine(settings)
    try:
        return await schema_is_current(engine)
    finally:
        await engine.dispose()


def _prepare_database(settings: Settings, migrate_on_start: bool) -> None:
    """Migrate (one machine, the default), or only check that someone did (fleet: `chatlake migrate` once)."""
    if migrate_on_start:
        _run_db(lambda: _migrate(settings), settings)
    elif not _run_db(lambda: _check_schema(settings), settings):
        _fail(f"the database schema is not up to date ({_safe_url(settings)}): run `chatlake migrate` first")


NO_MIGRATE_HELP = "Do not migrate on start; refuse to start unless the schema is current (run `chatlake migrate`)."


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(None, "--port", help="Port (default: $PORT or 3000)."),
    no_worker: bool = typer.Option(
        False, "--no-worker", help="Run no delivery worker with the web process(es) (as CHATLAKE_RUN_WORKER=false)."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        envvar="CHATLAKE_WEB_PROCESSES",
        help="Web processes sharing the port (more than 1 needs CHATLAKE_REDIS_URL; see docs/deployment.md).",
    ),
    no_migrate: bool = typer.Option(
        False, "--no-migrate", help=NO_MIGRATE_HELP + " Also skips creating the first administrator."
    ),
) -> None:
    """Migrate, create the first administrator if there is none, and serve HTTP."""
    import uvicorn

    from chatlake import serving

    port = port or int(os.environ.get("PORT", "3000"))
    settings = get_settings()
    run_worker = settings.run_worker and not no_worker
    refused = serving.refusal(workers, settings)
    if refused:
        _fail(refused, 2)
    if workers > 1:
        problem = serving.redis_problem(settings.redis_url)
        if problem:
            _fail(problem)
    _prepare_database(settings, migrate_on_start=not no_migrate)
    first = None if no_migrate else _run_db(lambda: _first_start(settings), settings)
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
    if workers > 1:
        delivery = "one delivery worker process" if run_worker else "no webhook delivery here (--no-worker)"
        typer.echo(f"  {workers} web processes on port {port}, {delivery}.")
        if settings.is_sqlite:
            typer.echo(
                "  SQLite: the processes take turns at the database file's write lock; correct, but slower\n"
                "  than one process. Use PostgreSQL for several processes (docs/deployment.md).\n"
            )
        raise typer.Exit(
            serving.serve_several(host=host, port=port, workers=workers, settings=settings, run_worker=run_worker)
        )
    from chatlake.app import create_app

    app = create_app(settings, run_worker=run_worker)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
    )


@cli.command()
def worker(
    no_migrate: bool = typer.Option(False, "--no-migrate", help=NO_MIGRATE_HELP),
) -> None:
    """Run a standalone delivery worker (several may run against PostgreSQL)."""
    from chatlake.jobs.inbox_schedule import InboxSchedule
    from chatlake.runtime import Runtime

    settings = get_settings()
    _prepare_database(settings, migrate_on_start=not no_migrate)

    async def run() -> None:
        runtime = Runtime.build(settings)
        from chatlake.operations.heartbeat import install_heartbeat

        install_heartbeat(runtime.worker, runtime.db, settings.worker_heartbeat_seconds)
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


def _add_platform_commands() -> None:
    from chatlake.platform_cli import platform_app_cli

    cli.add_typer(platform_app_cli, name="platform-app")


_add_platform_commands()


def main() -> None:
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
