from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.account import do_update_account
from chatlake.api.admin_schemas import AccountIn
from chatlake.api.deps import CurrentActor, Session
from chatlake.models import Account
from chatlake.presenters.account import account_json

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Account"])


@router.get("")
async def show(session: Session, actor: CurrentActor) -> dict:
    # The actor's account is a cached snapshot (auth/tokens.py): the account's own page reads it afresh.
    return account_json(await session.get(Account, actor.account_id))


@router.patch("")
async def update(body: AccountIn, session: Session, actor: CurrentActor) -> dict:
    return account_json(await do_update_account(session, actor, body.changes()))
