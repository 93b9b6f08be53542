from __future__ import annotations

from chatlake.models import AccountUser, ContactNote, User
from chatlake.presenters.agents import account_agent_json
from chatlake.presenters.common import unix


def _author_json(user: User, membership: AccountUser | None) -> dict:
    if membership is not None:
        return account_agent_json(user, membership)
    # The author has left the account: still named, without a role there.
    return {
        "id": user.id,
        "name": user.name,
        "available_name": user.display_name or user.name,
        "email": user.email,
        "thumbnail": "",
    }


def note_json(note: ContactNote, user: User | None, membership: AccountUser | None) -> dict:
    """Chatwoot's note partial; `user` is absent when the author no longer exists."""
    body = {
        "id": note.id,
        "content": note.content,
        "account_id": note.account_id,
        "contact_id": note.contact_id,
    }
    if user is not None:
        body["user"] = _author_json(user, membership)
    body["created_at"] = unix(note.created_at)
    body["updated_at"] = unix(note.updated_at)
    return body
