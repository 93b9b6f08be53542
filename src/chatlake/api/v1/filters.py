"""POST …/conversations/filter and POST …/contacts/filter (the filter engine is queries/filters.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.contacts import contact_json
from chatlake.presenters.conversations import conversation_json
from chatlake.queries.contacts import contact_inboxes_of
from chatlake.queries.filters import filter_contacts, filter_conversations

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Filters"])

# Checked by the engine, so every refusal is Chatwoot's `422 {"error": ...}`.
FilterBody = Annotated[Any, Body()]


@router.post("/conversations/filter")
async def conversations_filter(session: Session, actor: CurrentActor, body: FilterBody = None, page: int = 1) -> dict:
    """`{"payload": [{attribute_key, filter_operator, values, query_operator, custom_attribute_type?}]}`."""
    views, meta = await filter_conversations(session, actor, body, page)
    return {"meta": meta, "payload": [conversation_json(v) for v in views]}


@router.post("/contacts/filter")
async def contacts_filter(session: Session, actor: CurrentActor, body: FilterBody = None, page: int = 1) -> dict:
    contacts, count = await filter_contacts(session, actor, body, page)
    inboxes = await contact_inboxes_of(session, actor.account_id, [c.id for c in contacts])
    return {
        "meta": {"count": count, "current_page": page},
        "payload": [contact_json(c, inboxes[c.id]) for c in contacts],
    }
