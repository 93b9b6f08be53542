"""The JSON shapes of integrations (apps and hooks) and the audit log, for /api-docs/openapi.json only; see
api/openapi_shapes.py and docs/api.md "Integrations", "Audit log"."""

from __future__ import annotations

from chatlake.api.openapi_shapes import Json, Shape


class HookInboxShape(Shape):
    id: int
    name: str | None


class IntegrationHookShape(Shape):
    id: int
    app_id: str
    status: bool
    inbox: HookInboxShape | None
    inbox_id: int | None
    account_id: int
    hook_type: str  # "account" or "inbox"
    settings: Json | None = None  # administrators only


class IntegrationAppShape(Shape):
    id: str
    name: str
    description: str
    hook_type: str
    allow_multiple_hooks: bool
    enabled: bool
    hooks: list[IntegrationHookShape]


class IntegrationAppsPayloadShape(Shape):
    payload: list[IntegrationAppShape]


class AuditLogShape(Shape):
    id: int
    auditable_id: int | None
    auditable_type: str
    auditable: Json
    associated_id: int
    associated_type: str
    user_id: int | None
    user_type: str | None
    username: str | None
    action: str  # create, update, destroy or sign_in
    audited_changes: Json
    version: int
    comment: None
    request_uuid: None
    created_at: int
    remote_address: str | None  # sign-ins only


class AuditLogPageShape(Shape):
    per_page: int
    total_entries: int
    current_page: int
    audit_logs: list[AuditLogShape]
