"""`chatlake platform-app create | list | revoke`: the operator's side of the Platform API."""

from __future__ import annotations

import json

import typer

from chatlake.config import Settings, get_settings

platform_app_cli = typer.Typer(help="Platform apps: the API clients that provision accounts, users and bots.")


async def _in_transaction(settings: Settings, work):
    from chatlake.runtime import Runtime

    runtime = Runtime.build(settings)
    try:
        async with runtime.db.transaction() as session:
            return await work(session)
    finally:
        await runtime.db.dispose()
        await runtime.http.aclose()


def _run(work):
    from chatlake.cli import _fail, _migrate, _run_db
    from chatlake.errors import ChatlakeError

    settings = get_settings()
    _run_db(lambda: _migrate(settings), settings)
    try:
        return _run_db(lambda: _in_transaction(settings, work), settings)
    except ChatlakeError as exc:
        _fail(exc.message, 2)


@platform_app_cli.command("create")
def create(
    name: str = typer.Option(..., "--name", help="A name that says who uses the app."),
    as_json: bool = typer.Option(False, "--json", help="Print id and token as JSON."),
) -> None:
    """Create a platform app and print its token (shown this once: only a digest is stored)."""
    from chatlake.actions.platform_apps import do_create_platform_app

    async def work(session):
        app, token = await do_create_platform_app(session, name)
        return {"id": app.id, "name": app.name, "access_token": token}

    out = _run(work)
    if as_json:
        typer.echo(json.dumps(out))
    else:
        typer.echo(
            f"Created platform app {out['id']} ({out['name']}).\n"
            f"Access token: {out['access_token']}\n"
            "Keep it now: it is not stored and cannot be shown again (revoke the app and make another if lost).\n"
            "Send it as the api_access_token header to /platform/api/v1/..."
        )


@platform_app_cli.command("list")
def list_apps(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List platform apps, whether they are revoked, and how many records each holds."""
    from chatlake.queries.platform import list_platform_apps

    async def work(session):
        return [
            {
                "id": app.id,
                "name": app.name,
                "created_at": app.created_at.isoformat(),
                "revoked_at": app.revoked_at.isoformat() if app.revoked_at else None,
                "records": count,
            }
            for app, count in await list_platform_apps(session)
        ]

    rows = _run(work)
    if as_json:
        typer.echo(json.dumps(rows))
        return
    if not rows:
        typer.echo("No platform apps. Create one with: chatlake platform-app create --name NAME")
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "active"
        typer.echo(f"{row['id']:>4}  {row['name']}  ({state}; {row['records']} records; created {row['created_at']})")


@platform_app_cli.command("revoke")
def revoke(app_id: int = typer.Argument(..., help="The app's id (see `chatlake platform-app list`).")) -> None:
    """Stop the app's token from working (the records it created stay)."""
    from chatlake.actions.platform_apps import do_revoke_platform_app

    async def work(session):
        app = await do_revoke_platform_app(session, app_id)
        return app.name

    name = _run(work)
    typer.echo(f"Platform app {app_id} ({name}) is revoked: its token no longer works.")
