"""GET …/conversations/search and GET …/search[/conversations|contacts|messages] (queries/search.py)."""

from __future__ import annotations

from fastapi import APIRouter

from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.conversations import conversation_json
from chatlake.presenters.search import search_contact_json, search_conversation_json, search_message_json
from chatlake.queries.search import (
    search_contacts,
    search_conversation_list,
    search_conversations,
    search_messages,
)

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Search"])


@router.get("/conversations/search")
async def conversations_search(session: Session, actor: CurrentActor, q: str | None = None, page: int = 1) -> dict:
    """The conversation list's shape without its `data` wrapper: `{meta: {mine_count, unassigned_count, all_count}}`."""
    views, meta = await search_conversation_list(session, actor, q, page)
    return {"meta": meta, "payload": [conversation_json(v) for v in views]}


async def _conversations(session, actor, q, page) -> list[dict]:
    return [search_conversation_json(hit) for hit in await search_conversations(session, actor, q, page)]


async def _contacts(session, actor, q, page) -> list[dict]:
    return [search_contact_json(c) for c in await search_contacts(session, actor, q, page)]


async def _messages(session, actor, q, page) -> list[dict]:
    return [search_message_json(view, inbox) for view, inbox in await search_messages(session, actor, q, page)]


@router.get("/search")
async def search_all(session: Session, actor: CurrentActor, q: str | None = None, page: int = 1) -> dict:
    return {
        "payload": {
            "conversations": await _conversations(session, actor, q, page),
            "contacts": await _contacts(session, actor, q, page),
            "messages": await _messages(session, actor, q, page),
        }
    }


@router.get("/search/conversations")
async def search_conversations_only(session: Session, actor: CurrentActor, q: str | None = None, page: int = 1) -> dict:
    return {"payload": {"conversations": await _conversations(session, actor, q, page)}}


@router.get("/search/contacts")
async def search_contacts_only(session: Session, actor: CurrentActor, q: str | None = None, page: int = 1) -> dict:
    return {"payload": {"contacts": await _contacts(session, actor, q, page)}}


@router.get("/search/messages")
async def search_messages_only(session: Session, actor: CurrentActor, q: str | None = None, page: int = 1) -> dict:
    return {"payload": {"messages": await _messages(session, actor, q, page)}}
