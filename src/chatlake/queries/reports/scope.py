"""What a report is about: the whole account, or one agent, inbox, label or team of it (Chatwoot's `type` + `id`).

Each scope says which conversations, messages and reporting events it covers, always inside one account.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import AccountUser, Conversation, Inbox, Label, Message, ReportingEvent, Team

REPORT_TYPES = ("account", "agent", "inbox", "label", "team")


@dataclass(frozen=True)
class ReportScope:
    account_id: int
    type: str = "account"
    id: int | None = None
    # For label scopes: conversations refer to labels by title.
    label_title: str | None = None


async def access_report_scope(session: AsyncSession, account_id: int, type_: str, id_: int | None) -> ReportScope:
    """The scope, its object found inside the account (else 404); `id_` is ignored for the account."""
    if type_ == "account":
        return ReportScope(account_id)
    model, column = {
        "agent": (AccountUser, AccountUser.user_id),
        "inbox": (Inbox, Inbox.id),
        "label": (Label, Label.id),
        "team": (Team, Team.id),
    }[type_]
    found = await session.scalar(select(model).where(model.account_id == account_id, column == id_))
    if found is None:
        raise NotFound()
    return ReportScope(account_id, type_, id_, found.title if type_ == "label" else None)


def label_pattern(title: str) -> str:
    """LIKE pattern for conversations carrying the label (stored as ",a,b,"); `_` and `%` match literally."""
    escaped = title.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%,{escaped},%"


def conversation_conditions(scope: ReportScope) -> list:
    conditions = [Conversation.account_id == scope.account_id]
    if scope.type == "agent":
        conditions.append(Conversation.assignee_id == scope.id)
    elif scope.type == "inbox":
        conditions.append(Conversation.inbox_id == scope.id)
    elif scope.type == "team":
        conditions.append(Conversation.team_id == scope.id)
    elif scope.type == "label":
        conditions.append(Conversation.cached_label_list.like(label_pattern(scope.label_title), escape="\\"))
    return conditions


def _scope_conversation_ids(scope: ReportScope):
    return select(Conversation.id).where(*conversation_conditions(scope))


def message_conditions(scope: ReportScope) -> list:
    """An agent's messages are those they sent; a label's or team's are those of its conversations."""
    conditions = [Message.account_id == scope.account_id]
    if scope.type == "agent":
        conditions += [Message.sender_type == "User", Message.sender_id == scope.id]
    elif scope.type == "inbox":
        conditions.append(Message.inbox_id == scope.id)
    elif scope.type in ("label", "team"):
        conditions.append(Message.conversation_id.in_(_scope_conversation_ids(scope)))
    return conditions


def event_conditions(scope: ReportScope) -> list:
    """An agent's events are those recorded for them (the replier, or the assignee who resolved)."""
    conditions = [ReportingEvent.account_id == scope.account_id]
    if scope.type == "agent":
        conditions.append(ReportingEvent.user_id == scope.id)
    elif scope.type == "inbox":
        conditions.append(ReportingEvent.inbox_id == scope.id)
    elif scope.type in ("label", "team"):
        conditions.append(ReportingEvent.conversation_id.in_(_scope_conversation_ids(scope)))
    return conditions
