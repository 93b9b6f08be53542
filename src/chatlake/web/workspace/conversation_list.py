"""The conversation list's filters, read from the query string, and the page context they produce.

Shared by the full page and the fragment the page re-fetches when events arrive, so both always show
the same thing. Reads go through queries/conversations.py (list) and queries/search.py (search).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.queries import conversations as conversation_queries
from chatlake.queries import messages as message_queries
from chatlake.queries.labels import list_labels
from chatlake.queries.search import search_conversation_list
from chatlake.queries.workspace_choices import account_teams, visible_inboxes
from chatlake.web.errors import DashboardError
from chatlake.web.pages.params import positive_int

TABS = {"mine": "me", "unassigned": "unassigned", "all": "all"}
TAB_TITLES = {"mine": "Mine", "unassigned": "Unassigned", "all": "All"}
STATUS_FILTERS = ("open", "pending", "snoozed", "resolved", "all")
SORTS = {"last_activity": "last_activity_at_desc", "created": "created_at_desc"}
SORT_TITLES = {"last_activity": "Last activity", "created": "Newest first"}


@dataclass
class ListParams:
    tab: str = "all"
    status: str = "open"
    inbox_id: int | None = None
    team_id: int | None = None
    label: str = ""
    sort: str = "last_activity"
    q: str = ""
    page: int = 1

    def query(self, **changes) -> str:
        """This list's query string with some values changed (page back to 1 unless given)."""
        values = {**self.__dict__, "page": 1, **changes}
        defaults = ListParams().__dict__
        kept = {k: v for k, v in values.items() if v not in (None, "") and v != defaults[k]}
        return urlencode(kept)


def _choice(value: str | None, allowed, name: str, default: str) -> str:
    if value in (None, ""):
        return default
    if value not in allowed:
        raise DashboardError(400, f"{name} must be one of {', '.join(allowed)}.")
    return value


def read_params(request: Request) -> ListParams:
    q = request.query_params
    return ListParams(
        tab=_choice(q.get("tab"), TABS, "tab", "all"),
        status=_choice(q.get("status"), STATUS_FILTERS, "status", "open"),
        inbox_id=positive_int(q.get("inbox_id"), "inbox_id"),
        team_id=positive_int(q.get("team_id"), "team_id"),
        label=(q.get("label") or "").strip()[:255],
        sort=_choice(q.get("sort"), SORTS, "sort", "last_activity"),
        q=(q.get("q") or "").strip()[:200],
        page=positive_int(q.get("page"), "page") or 1,
    )


async def list_context(session: AsyncSession, actor: Actor, params: ListParams) -> dict:
    """Rows, tab counts and paging for the list; with `q`, search results (every status and tab)."""
    try:
        if params.q:
            views, counts = await search_conversation_list(session, actor, params.q, params.page)
        else:
            views, counts = await conversation_queries.list_conversations(
                session,
                actor,
                conversation_queries.ConversationListFilter(
                    assignee_type=TABS[params.tab],
                    status=params.status,
                    inbox_id=params.inbox_id,
                    team_id=params.team_id,
                    labels=[params.label.lower()] if params.label else None,
                    page=params.page,
                    sort_by=SORTS[params.sort],
                ),
            )
    except InvalidField as exc:
        raise DashboardError(400, exc.message) from None
    # A last message that is only files is previewed by their names (one query, only when there are some).
    await message_queries.attach_files(
        session,
        actor.account_id,
        [v.last_message for v in views if v.last_message and not v.last_message.message.content],
    )
    shown_total = counts["all_count"] if params.q else counts[f"{params.tab}_count"]
    return {
        "conversations": views,
        "counts": counts,
        "params": params,
        "shown_total": shown_total,
        "has_next_page": params.page * conversation_queries.PAGE_SIZE < shown_total,
        "tabs": TAB_TITLES,
        "status_filters": STATUS_FILTERS,
        "sorts": SORT_TITLES,
    }


async def filter_choices(session: AsyncSession, actor: Actor) -> dict:
    return {
        "inboxes": await visible_inboxes(session, actor),
        "teams": await account_teams(session, actor.account_id),
        "labels": await list_labels(session, actor.account_id),
    }
