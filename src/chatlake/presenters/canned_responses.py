from __future__ import annotations

from chatlake.models import CannedResponse
from chatlake.presenters.common import iso


def canned_response_json(canned: CannedResponse) -> dict:
    return {
        "id": canned.id,
        "account_id": canned.account_id,
        "short_code": canned.short_code,
        "content": canned.content,
        "created_at": iso(canned.created_at),
        "updated_at": iso(canned.updated_at),
    }
