"""Noticing, inside a session, that a transaction changes cached configuration, and acting at commit.

Any ORM change to the models below (added, changed or deleted objects, and ORM update/delete statements)
marks the session; when it commits, the process's ConfigCache (found in session.info) is told. A mark left
by a rolled-back savepoint only costs one needless drop of the caches. Per-account
counters (event and conversation numbers) are advanced with Core statements on the accounts table, which
are not ORM statements and so do not count as configuration changes.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from chatlake.models import (
    AccessToken,
    Account,
    AccountUser,
    AgentBot,
    AgentBotInbox,
    AutomationRule,
    ChannelApi,
    Inbox,
    User,
    Webhook,
)

CONFIG_CACHE = "chatlake.config_cache"
CHANGED = "chatlake.config_changed"
CACHED_MODELS = (
    AccessToken,
    Account,
    AccountUser,
    AgentBot,
    AgentBotInbox,
    AutomationRule,
    ChannelApi,
    Inbox,
    User,
    Webhook,
)


def _mark(session: Session) -> None:
    if CONFIG_CACHE in session.info:
        session.info[CHANGED] = True


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    if CHANGED in session.info or CONFIG_CACHE not in session.info:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CACHED_MODELS) and (
            obj in session.new or obj in session.deleted or session.is_modified(obj)
        ):
            _mark(session)
            return


@event.listens_for(Session, "do_orm_execute")
def _orm_statement(state) -> None:
    writes = state.is_update or state.is_delete or state.is_insert
    if writes and state.bind_mapper is not None and issubclass(state.bind_mapper.class_, CACHED_MODELS):
        _mark(state.session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(CHANGED, False):
        session.info[CONFIG_CACHE].changed()
