from __future__ import annotations

from chatlake.models import AuditLog
from chatlake.presenters.common import unix


def audit_log_json(entry: AuditLog, version: int) -> dict:
    return {
        "id": entry.id,
        "auditable_id": entry.auditable_id,
        "auditable_type": entry.auditable_type,
        "auditable": {},
        "associated_id": entry.account_id,
        "associated_type": "Account",
        "user_id": entry.user_id,
        "user_type": entry.user_type,
        "username": entry.username,
        "action": entry.action,
        "audited_changes": entry.audited_changes or {},
        "version": version,
        "comment": None,
        "request_uuid": None,
        "created_at": unix(entry.created_at),
        "remote_address": entry.remote_address,
    }
