"""Deleting an account through the Platform API leaves no row of it in any table and touches no other."""

from __future__ import annotations

from sqlalchemy import func, select

from chatlake.actions.platform_apps import do_grant
from chatlake.models import AccessToken, Account, AgentBot, Base, PlatformApp, PlatformAppPermissible
from tests.attachment_files import solid_png
from tests.contract.world import World


def _rows_per_table(server, account_id: int) -> dict[str, int]:
    """Walks the metadata: every table with an account_id, counted for that account."""

    async def go():
        counts = {}
        async with server.app.state.runtime.db.read_transaction() as session:
            for table in Base.metadata.sorted_tables:
                column = table.c.get("account_id") if table.name != "accounts" else table.c.id
                if column is not None:
                    counts[table.name] = await session.scalar(
                        select(func.count()).select_from(table).where(column == account_id)
                    )
        return counts

    return server.call(go())


def _scalar(server, statement):
    async def go():
        async with server.app.state.runtime.db.read_transaction() as session:
            return await session.scalar(statement)

    return server.call(go())


def _fill_more(world: World) -> None:
    """What the contract World does not make: a note, an attachment, a bot answering the inbox."""
    world.post(f"/contacts/{world.contact['id']}/notes", {"content": "Prefers email"})
    r = world.admin.post(f"/inboxes/{world.inbox['id']}/set_agent_bot", {"agent_bot": world.agent_bot["id"]})
    assert r.status_code == 204, r.text
    r = world.admin.client.post(
        world.admin.path(f"/conversations/{world.conversation['id']}/messages"),
        data={"content": "Receipt attached"},
        files={"attachments[]": ("receipt.png", solid_png(4, 4, (0, 128, 0)), "image/png")},
    )
    assert r.status_code == 200, r.text


def test_deleting_an_account_removes_every_row_it_owns_and_nothing_else(server, platform, receiver):
    hook = f"http://127.0.0.1:{receiver.httpd.server_address[1]}/hooks"
    doomed, kept = World.build(server, hook), World.build(server, hook)
    try:
        _fill_more(doomed)
        _fill_more(kept)

        async def grant():
            async with server.app.state.runtime.db.transaction() as session:
                app = await session.get(PlatformApp, platform.app_id)
                await do_grant(session, app, "Account", doomed.account_id)

        server.call(grant())
        before = _rows_per_table(server, doomed.account_id)
        kept_before = _rows_per_table(server, kept.account_id)
        # The test means something only if the account really had data in most tables.
        filled = {name for name, n in before.items() if n}
        assert len(filled) >= 25, sorted(set(before) - filled)
        bot_ids = list(server.call(_bot_ids(server, doomed.account_id)))
        assert bot_ids and _scalar(server, _tokens_of(bot_ids)) == len(bot_ids)
        files_of = _stored_files(server)
        assert files_of(doomed) and files_of(kept)

        r = platform.request("DELETE", f"/accounts/{doomed.account_id}")
        assert r.status_code == 200, r.text

        after = _rows_per_table(server, doomed.account_id)
        assert {name: n for name, n in after.items() if n} == {}
        assert _rows_per_table(server, kept.account_id) == kept_before
        assert _scalar(server, _tokens_of(bot_ids)) == 0
        grants = (
            select(func.count())
            .select_from(PlatformAppPermissible)
            .where(
                PlatformAppPermissible.permissible_type == "Account",
                PlatformAppPermissible.permissible_id == doomed.account_id,
            )
        )
        assert _scalar(server, grants) == 0
        assert _scalar(server, select(func.count()).select_from(Account).where(Account.id == doomed.account_id)) == 0
        # Users stay (they belong to the installation); only their membership went.
        r = doomed.admin.client.get("/api/v1/profile")
        assert r.status_code == 200 and r.json()["accounts"] == []
        # The kept account still works, and the deleted one is gone for its platform app too.
        assert kept.admin.get("/conversations").status_code == 200
        assert platform.request("GET", f"/accounts/{doomed.account_id}").status_code == 404
        # The deleted account's stored files are gone; the kept account's are not.
        assert files_of(doomed) == [] and files_of(kept)
        assert kept.admin.get(f"/conversations/{kept.conversation['id']}/messages").status_code == 200
    finally:
        doomed.close()
        kept.close()


def _stored_files(server):
    def of(world: World) -> list:
        folder = server.settings.data_dir / "attachments" / str(world.account_id)
        return [path for path in folder.rglob("*") if path.is_file()]

    return of


async def _bot_ids(server, account_id: int):
    async with server.app.state.runtime.db.read_transaction() as session:
        return list(await session.scalars(select(AgentBot.id).where(AgentBot.account_id == account_id)))


def _tokens_of(bot_ids: list[int]):
    return (
        select(func.count())
        .select_from(AccessToken)
        .where(AccessToken.owner_type == "AgentBot", AccessToken.owner_id.in_(bot_ids))
    )
