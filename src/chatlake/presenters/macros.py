from __future__ import annotations

from chatlake.models import Macro, User
from chatlake.models.macro import MACRO_VISIBILITY_NAMES
from chatlake.presenters.common import iso
from chatlake.presenters.users import user_push


def macro_json(macro: Macro, users: dict[int, User]) -> dict:
    """Chatwoot's macro partial (plus timestamps): visibility as its name, authors as push data."""
    body = {
        "id": macro.id,
        "name": macro.name,
        "visibility": MACRO_VISIBILITY_NAMES.get(macro.visibility, "personal"),
        "account_id": macro.account_id,
        "actions": macro.actions,
        "created_at": iso(macro.created_at),
        "updated_at": iso(macro.updated_at),
    }
    if macro.created_by_id in users:
        body["created_by"] = user_push(users[macro.created_by_id])
    if macro.updated_by_id in users:
        body["updated_by"] = user_push(users[macro.updated_by_id])
    return body
