from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.account import do_update_account
from chatlake.api.admin_schemas import AccountIn
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.account import account_json

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Account"])


@router.get("")
async def show(actor: CurrentActor) -> dict:
    return account_json(actor.account)


@router.patch("")
async def update(body: AccountIn, session: Session, actor: CurrentActor) -> dict:
    return account_json(await do_update_account(session, actor, body.changes()))
