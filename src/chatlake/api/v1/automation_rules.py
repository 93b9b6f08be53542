from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.administration import check_administrator
from chatlake.actions.automation_rules import (
    do_create_automation_rule,
    do_delete_automation_rule,
    do_update_automation_rule,
)
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.automation_rules import automation_rule_json
from chatlake.queries.automation_rules import access_automation_rule, list_automation_rules

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Automation Rule"])


class AutomationRuleIn(Wrapped):
    wrapper = "automation_rule"
    name: Any = None
    description: Any = None
    event_name: Any = None
    active: Any = None
    conditions: Any = None
    actions: Any = None


@router.get("/automation_rules")
async def index(session: Session, actor: CurrentActor, page: int = 1) -> dict:
    check_administrator(actor)
    return {"payload": [automation_rule_json(r) for r in await list_automation_rules(session, actor.account_id)]}


@router.post("/automation_rules")
async def create(body: AutomationRuleIn, session: Session, actor: CurrentActor) -> dict:
    return {"payload": automation_rule_json(await do_create_automation_rule(session, actor, body.changes()))}


@router.get("/automation_rules/{rule_id}")
async def show(rule_id: int, session: Session, actor: CurrentActor) -> dict:
    check_administrator(actor)
    return {"payload": automation_rule_json(await access_automation_rule(session, actor.account_id, rule_id))}


@router.patch("/automation_rules/{rule_id}")
@router.put("/automation_rules/{rule_id}")
async def update(rule_id: int, body: AutomationRuleIn, session: Session, actor: CurrentActor) -> dict:
    return {"payload": automation_rule_json(await do_update_automation_rule(session, actor, rule_id, body.changes()))}


@router.delete("/automation_rules/{rule_id}")
async def destroy(rule_id: int, session: Session, actor: CurrentActor) -> Response:
    await do_delete_automation_rule(session, actor, rule_id)
    return Response(status_code=200)
