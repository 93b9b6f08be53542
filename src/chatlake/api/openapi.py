"""/api-docs/openapi.json: FastAPI's document of the routers, completed with the shapes Chatlake answers.

Routers return plain dicts built by presenters (fast, and exactly Chatwoot's JSON), so FastAPI alone would
document every answer as "an object". This module adds, once per process, the response schema of each
operation from api/openapi_shapes.py, and the request bodies of the routes that read loose JSON.
tests/contract checks the document against what the server really answers.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chatlake.api import openapi_agent_bot_shapes as bots
from chatlake.api import openapi_automation_shapes as auto
from chatlake.api import openapi_help_center_shapes as hc
from chatlake.api import openapi_inbox_ops_shapes as ops
from chatlake.api import openapi_integration_shapes as integrations
from chatlake.api import openapi_public_shapes as pub
from chatlake.api import openapi_report_shapes as r
from chatlake.api import openapi_shapes as s
from chatlake.api.platform import openapi_shapes as platform_shapes

A = "/api/v1/accounts/{account_id}"
C = A + "/conversations/{conversation_id}"
V2 = "/api/v2/accounts/{account_id}"
HC = A + "/portals/{portal_id}"
# The Client (public) API: the inbox's public identifier, then the contact's session (source_id).
P = "/public/api/v1/inboxes/{inbox_identifier}"
PC = P + "/contacts/{contact_identifier}"
# One route answers both: `type=account` the account's counts, `type=agent` a row per member.
OPEN_CONVERSATIONS = (r.AccountConversationMetricsShape, [r.AgentConversationMetricsShape])

# (method, path) -> the shape of its 200 answer; [Shape] is a list of them, (ShapeA, ShapeB, None) one of them.
RESPONSES: dict[tuple[str, str], Any] = {
    ("GET", "/api/v1/profile"): s.ProfileShape,
    ("PUT", "/api/v1/profile"): s.ProfileShape,
    ("PATCH", "/api/v1/profile"): s.ProfileShape,
    ("GET", A): s.AccountShape,
    ("PATCH", A): s.AccountShape,
    ("GET", A + "/agents"): [s.AgentShape],
    ("POST", A + "/agents"): s.AgentShape,
    ("PATCH", A + "/agents/{agent_id}"): s.AgentShape,
    ("PUT", A + "/agents/{agent_id}"): s.AgentShape,
    ("GET", A + "/canned_responses"): [s.CannedResponseShape],
    ("POST", A + "/canned_responses"): s.CannedResponseShape,
    ("PATCH", A + "/canned_responses/{canned_response_id}"): s.CannedResponseShape,
    ("PUT", A + "/canned_responses/{canned_response_id}"): s.CannedResponseShape,
    ("GET", A + "/custom_attribute_definitions"): [s.CustomAttributeDefinitionShape],
    ("POST", A + "/custom_attribute_definitions"): s.CustomAttributeDefinitionShape,
    ("GET", A + "/custom_attribute_definitions/{definition_id}"): s.CustomAttributeDefinitionShape,
    ("PATCH", A + "/custom_attribute_definitions/{definition_id}"): s.CustomAttributeDefinitionShape,
    ("PUT", A + "/custom_attribute_definitions/{definition_id}"): s.CustomAttributeDefinitionShape,
    ("GET", A + "/custom_filters"): [s.CustomFilterShape],
    ("POST", A + "/custom_filters"): s.CustomFilterShape,
    ("GET", A + "/custom_filters/{custom_filter_id}"): s.CustomFilterShape,
    ("PATCH", A + "/custom_filters/{custom_filter_id}"): s.CustomFilterShape,
    ("PUT", A + "/custom_filters/{custom_filter_id}"): s.CustomFilterShape,
    ("GET", A + "/contacts"): s.ContactsPageShape,
    ("POST", A + "/contacts"): s.ContactCreatedShape,
    ("GET", A + "/contacts/search"): s.ContactsPageShape,
    ("GET", A + "/contacts/active"): s.ContactsPageShape,
    ("POST", A + "/contacts/filter"): s.ContactsPageShape,
    ("GET", A + "/contacts/{contact_id}"): s.ContactPayloadShape,
    ("PUT", A + "/contacts/{contact_id}"): s.ContactPayloadShape,
    ("PATCH", A + "/contacts/{contact_id}"): s.ContactPayloadShape,
    ("GET", A + "/contacts/{contact_id}/conversations"): s.ConversationsPayloadShape,
    ("POST", A + "/contacts/{contact_id}/contact_inboxes"): s.ContactInboxShape,
    ("GET", A + "/contacts/{contact_id}/contactable_inboxes"): s.ContactInboxesShape,
    ("GET", A + "/contacts/{contact_id}/labels"): s.StringsPayloadShape,
    ("POST", A + "/contacts/{contact_id}/labels"): s.StringsPayloadShape,
    ("GET", A + "/contacts/{contact_id}/notes"): [s.NoteShape],
    ("POST", A + "/contacts/{contact_id}/notes"): s.NoteShape,
    ("GET", A + "/contacts/{contact_id}/notes/{note_id}"): s.NoteShape,
    ("PATCH", A + "/contacts/{contact_id}/notes/{note_id}"): s.NoteShape,
    ("PUT", A + "/contacts/{contact_id}/notes/{note_id}"): s.NoteShape,
    ("POST", A + "/actions/contact_merge"): s.ContactShape,
    ("GET", A + "/conversations"): s.ConversationListShape,
    ("POST", A + "/conversations"): s.ConversationShape,
    ("GET", A + "/conversations/meta"): s.ConversationMetaCountsShape,
    ("POST", A + "/conversations/filter"): s.ConversationPageShape,
    ("GET", A + "/conversations/search"): s.ConversationPageShape,
    ("GET", C): s.ConversationShape,
    ("PATCH", C): s.ConversationShape,
    ("PUT", C): s.ConversationShape,
    ("POST", C + "/toggle_status"): s.ToggleStatusShape,
    ("POST", C + "/toggle_priority"): s.EmptyShape,
    ("POST", C + "/toggle_typing_status"): s.EmptyShape,
    ("POST", C + "/mute"): s.EmptyShape,
    ("POST", C + "/unmute"): s.EmptyShape,
    ("POST", C + "/update_last_seen"): s.ConversationShape,
    ("POST", C + "/unread"): s.ConversationShape,
    ("POST", C + "/custom_attributes"): s.CustomAttributesShape,
    ("POST", C + "/assignments"): (s.AgentShape, s.TeamShape, None),
    ("GET", C + "/labels"): s.StringsPayloadShape,
    ("POST", C + "/labels"): s.StringsPayloadShape,
    ("GET", C + "/messages"): s.MessagesPageShape,
    ("POST", C + "/messages"): s.MessageShape,
    ("DELETE", C + "/messages/{message_id}"): s.MessageShape,  # the tombstone: Chatwoot's destroy view
    ("PATCH", C + "/messages/{message_id}"): s.MessageShape,
    ("PUT", C + "/messages/{message_id}"): s.MessageShape,
    ("GET", A + "/inboxes"): s.InboxesPayloadShape,
    ("POST", A + "/inboxes"): s.InboxShape,
    ("GET", A + "/inboxes/{inbox_id}"): s.InboxShape,
    ("PATCH", A + "/inboxes/{inbox_id}"): s.InboxShape,
    ("PUT", A + "/inboxes/{inbox_id}"): s.InboxShape,
    ("GET", A + "/inbox_members/{inbox_id}"): s.AgentsPayloadShape,
    ("POST", A + "/inbox_members"): s.AgentsPayloadShape,
    ("PATCH", A + "/inbox_members"): s.AgentsPayloadShape,
    ("GET", A + "/labels"): s.LabelsPayloadShape,
    ("POST", A + "/labels"): s.LabelShape,
    ("GET", A + "/labels/{label_id}"): s.LabelShape,
    ("PATCH", A + "/labels/{label_id}"): s.LabelShape,
    ("PUT", A + "/labels/{label_id}"): s.LabelShape,
    ("GET", A + "/teams"): [s.TeamShape],
    ("POST", A + "/teams"): s.TeamShape,
    ("GET", A + "/teams/{team_id}"): s.TeamShape,
    ("PATCH", A + "/teams/{team_id}"): s.TeamShape,
    ("PUT", A + "/teams/{team_id}"): s.TeamShape,
    ("GET", A + "/teams/{team_id}/team_members"): [s.AgentShape],
    ("POST", A + "/teams/{team_id}/team_members"): [s.AgentShape],
    ("PATCH", A + "/teams/{team_id}/team_members"): [s.AgentShape],
    ("GET", A + "/webhooks"): s.WebhookListShape,
    ("POST", A + "/webhooks"): s.WebhookOneShape,
    ("PATCH", A + "/webhooks/{webhook_id}"): s.WebhookOneShape,
    ("PUT", A + "/webhooks/{webhook_id}"): s.WebhookOneShape,
    ("DELETE", A + "/webhooks/{webhook_id}"): s.EmptyShape,
    ("GET", A + "/webhooks/{webhook_id}/deliveries"): s.DeliveriesPayloadShape,
    ("POST", A + "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"): s.DeliveryPayloadShape,
    ("GET", A + "/inboxes/{inbox_id}/webhook_deliveries"): s.DeliveriesPayloadShape,
    ("POST", A + "/inboxes/{inbox_id}/webhook_deliveries/{delivery_id}/redeliver"): s.DeliveryPayloadShape,
    ("GET", A + "/search"): s.SearchPayloadShape,
    ("GET", A + "/search/conversations"): s.SearchPayloadShape,
    ("GET", A + "/search/contacts"): s.SearchPayloadShape,
    ("GET", A + "/search/messages"): s.SearchPayloadShape,
    ("GET", A + "/reporting_events"): r.ReportingEventsPageShape,
    ("GET", C + "/reporting_events"): [r.ReportingEventShape],
    ("GET", V2 + "/reports"): [r.ReportPointShape],
    ("GET", V2 + "/reports/summary"): r.ReportSummaryShape,
    ("GET", V2 + "/reports/conversations"): OPEN_CONVERSATIONS,
    ("GET", V2 + "/reports/conversations/"): OPEN_CONVERSATIONS,
    ("GET", V2 + "/reports/first_response_time_distribution"): r.ResponseTimeDistributionShape,
    ("GET", V2 + "/reports/inbox_label_matrix"): r.InboxLabelMatrixShape,
    ("GET", V2 + "/reports/outgoing_messages_count"): [r.OutgoingMessagesCountShape],
    ("GET", V2 + "/summary_reports/channel"): r.ChannelSummaryShape,
    ("GET", V2 + "/summary_reports/inbox"): [r.SummaryRowShape],
    ("GET", V2 + "/summary_reports/agent"): [r.SummaryRowShape],
    ("GET", V2 + "/summary_reports/team"): [r.SummaryRowShape],
    ("GET", A + "/agent_bots"): [bots.AgentBotShape],
    ("POST", A + "/agent_bots"): bots.AgentBotShape,
    ("GET", A + "/agent_bots/{bot_id}"): bots.AgentBotShape,
    ("PATCH", A + "/agent_bots/{bot_id}"): bots.AgentBotShape,
    ("PUT", A + "/agent_bots/{bot_id}"): bots.AgentBotShape,
    ("POST", A + "/agent_bots/{bot_id}/reset_access_token"): bots.AgentBotShape,
    ("GET", A + "/inboxes/{inbox_id}/agent_bot"): bots.InboxAgentBotShape,
    ("GET", A + "/portals"): hc.PortalsPageShape,
    ("POST", A + "/portals"): hc.PortalOneShape,
    ("GET", HC): hc.PortalOneShape,
    ("PATCH", HC): hc.PortalOneShape,
    ("PUT", HC): hc.PortalOneShape,
    ("GET", HC + "/categories"): hc.CategoriesPageShape,
    ("POST", HC + "/categories"): hc.CategoryOneShape,
    ("GET", HC + "/categories/{category_id}"): hc.CategoryOneShape,
    ("PATCH", HC + "/categories/{category_id}"): hc.CategoryOneShape,
    ("PUT", HC + "/categories/{category_id}"): hc.CategoryOneShape,
    ("GET", HC + "/articles"): hc.ArticlesPageShape,
    ("POST", HC + "/articles"): hc.ArticleOneShape,
    ("GET", HC + "/articles/{article_id}"): hc.ArticleOneShape,
    ("PATCH", HC + "/articles/{article_id}"): hc.ArticleOneShape,
    ("PUT", HC + "/articles/{article_id}"): hc.ArticleOneShape,
    ("GET", A + "/automation_rules"): auto.AutomationRulesPayloadShape,
    ("POST", A + "/automation_rules"): auto.AutomationRulePayloadShape,
    ("GET", A + "/automation_rules/{rule_id}"): auto.AutomationRulePayloadShape,
    ("PATCH", A + "/automation_rules/{rule_id}"): auto.AutomationRulePayloadShape,
    ("PUT", A + "/automation_rules/{rule_id}"): auto.AutomationRulePayloadShape,
    ("GET", A + "/integrations/apps"): integrations.IntegrationAppsPayloadShape,
    ("POST", A + "/integrations/hooks"): integrations.IntegrationHookShape,
    ("PATCH", A + "/integrations/hooks/{hook_id}"): integrations.IntegrationHookShape,
    ("PUT", A + "/integrations/hooks/{hook_id}"): integrations.IntegrationHookShape,
    ("GET", A + "/audit_logs"): integrations.AuditLogPageShape,
    ("GET", P): pub.PublicInboxShape,
    ("POST", P + "/contacts"): pub.PublicContactShape,
    ("GET", P + "/contacts/{contact_identifier}"): pub.PublicContactShape,
    ("PATCH", P + "/contacts/{contact_identifier}"): pub.PublicContactRecordShape,
    ("PUT", P + "/contacts/{contact_identifier}"): pub.PublicContactRecordShape,
    ("POST", PC + "/conversations"): pub.PublicConversationShape,
    ("GET", PC + "/conversations"): [pub.PublicConversationShape],
    ("GET", PC + "/conversations/{conversation_id}"): pub.PublicConversationShape,
    ("POST", PC + "/conversations/{conversation_id}/toggle_status"): pub.PublicConversationShape,
    ("POST", PC + "/conversations/{conversation_id}/messages"): pub.PublicMessageShape,
    ("GET", PC + "/conversations/{conversation_id}/messages"): [pub.PublicMessageShape],
    ("PATCH", PC + "/conversations/{conversation_id}/messages/{message_id}"): pub.PublicMessageShape,
    ("PUT", PC + "/conversations/{conversation_id}/messages/{message_id}"): pub.PublicMessageShape,
    ("GET", A + "/macros"): ops.MacrosPayloadShape,
    ("POST", A + "/macros"): ops.MacroPayloadShape,
    ("GET", A + "/macros/{macro_id}"): ops.MacroPayloadShape,
    ("PATCH", A + "/macros/{macro_id}"): ops.MacroPayloadShape,
    ("PUT", A + "/macros/{macro_id}"): ops.MacroPayloadShape,
    ("GET", C + "/participants"): [s.AgentShape],
    ("POST", C + "/participants"): [s.AgentShape],
    ("PATCH", C + "/participants"): [s.AgentShape],
    ("PUT", C + "/participants"): [s.AgentShape],
}
RESPONSES.update(platform_shapes.RESPONSES)

# (method, path) -> the shape of a JSON body the route reads loosely (FastAPI sees only "any" or "an object").
REQUESTS: dict[tuple[str, str], type[BaseModel]] = {
    ("POST", A + "/conversations/filter"): s.FilterRequestShape,
    ("POST", A + "/contacts/filter"): s.FilterRequestShape,
    ("PATCH", A + "/inboxes/{inbox_id}"): s.InboxUpdateShape,
    ("PUT", A + "/inboxes/{inbox_id}"): s.InboxUpdateShape,
    ("POST", A + "/macros"): ops.MacroRequestShape,
    ("POST", A + "/macros/{macro_id}/execute"): ops.MacroExecuteRequestShape,
    ("POST", A + "/bulk_actions"): ops.BulkActionRequestShape,
    ("POST", C + "/participants"): ops.ParticipantsRequestShape,
    ("PATCH", C + "/participants"): ops.ParticipantsRequestShape,
    ("PUT", C + "/participants"): ops.ParticipantsRequestShape,
    ("DELETE", C + "/participants"): ops.ParticipantsRequestShape,
}

_REF = "#/components/schemas/{model}"

# The parameter name Chatwoot's templates give the record after these collections (the others keep theirs,
# e.g. `{conversation_id}`, `{team_id}`), so the document reads like Chatwoot's: `/contacts/{id}/labels`.
CHATWOOT_PARAMETER_NAMES = {
    collection: "id"
    for collection in (
        "agents",
        "agent_bots",
        "automation_rules",
        "canned_responses",
        "contacts",
        "custom_attribute_definitions",
        "inboxes",
        "labels",
        "portals",
    )
}
_SEGMENT = re.compile(r"/(\w+)/\{(\w+)\}")


def chatwoot_template(path: str) -> tuple[str, dict[str, str]]:
    """The path as Chatwoot writes it, and the parameters renamed on the way (ours -> Chatwoot's)."""
    renamed: dict[str, str] = {}
    if path.startswith("/public/"):
        return path, renamed  # the Client API's templates are already Chatwoot's

    def rename(match: re.Match) -> str:
        collection, name = match[1], match[2]
        wanted = CHATWOOT_PARAMETER_NAMES.get(collection, name)
        if f"{{{wanted}}}" in path or wanted in renamed.values():
            return match[0]  # the name is taken in this path: keep ours rather than repeat one
        if wanted != name:
            renamed[name] = wanted
        return f"/{collection}/{{{wanted}}}"

    return _SEGMENT.sub(rename, path), renamed


def _use_chatwoot_templates(document: dict) -> None:
    paths = {}
    for path, item in document["paths"].items():
        template, renamed = chatwoot_template(path)
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter["name"] in renamed:
                    parameter["name"] = renamed[parameter["name"]]
        paths[template] = item
    document["paths"] = paths


ERRORS = {
    "401": ("Invalid or missing token, or not allowed to do this", s.ErrorShape),
    "404": ("Not found in the caller's account", s.ErrorShape),
    "422": ("Invalid input; nothing was changed", (s.InvalidShape, s.ErrorShape)),
}


def _models_in(shape) -> list[type[BaseModel]]:
    if isinstance(shape, list | tuple):
        return [model for one in shape for model in _models_in(one)]
    return [] if shape is None else [shape]


def _all_models() -> list[type[BaseModel]]:
    found = [model for shape in RESPONSES.values() for model in _models_in(shape)]
    errors = [model for _, shape in ERRORS.values() for model in _models_in(shape)]
    return list(dict.fromkeys([*found, *REQUESTS.values(), *errors]))


def _schema_of(shape) -> dict:
    if shape is None:
        return {"type": "null"}
    if isinstance(shape, tuple):
        return {"anyOf": [_schema_of(one) for one in shape]}
    if isinstance(shape, list):
        return {"type": "array", "items": _schema_of(shape[0])}
    return {"$ref": _REF.format(model=shape.__name__)}


def complete(document: dict) -> dict:
    """Adds the shapes to FastAPI's document (in place) and answers it."""
    _, definitions = models_json_schema([(m, "serialization") for m in _all_models()], ref_template=_REF)
    document.setdefault("components", {}).setdefault("schemas", {}).update(definitions.get("$defs", {}))
    paths = document["paths"]
    for operations in paths.values():
        for operation in operations.values():
            # Chatlake's error bodies, in place of FastAPI's `{"detail": [...]}` (see app.py's handlers).
            for status, (description, shape) in ERRORS.items():
                operation.setdefault("responses", {})[status] = {
                    "description": description,
                    "content": {"application/json": {"schema": _schema_of(shape)}},
                }
    for unused in ("HTTPValidationError", "ValidationError"):
        document["components"]["schemas"].pop(unused, None)
    for (method, path), shape in RESPONSES.items():
        operation = paths.get(path, {}).get(method.lower())
        if operation is None:
            continue  # tests/contract/test_openapi_document.py names stale entries
        ok = operation.setdefault("responses", {}).setdefault("200", {"description": "Successful Response"})
        ok["content"] = {"application/json": {"schema": _schema_of(shape)}}
    for (method, path), shape in REQUESTS.items():
        operation = paths.get(path, {}).get(method.lower())
        if operation is None:
            continue
        body = operation.setdefault("requestBody", {})
        body["content"] = {"application/json": {"schema": _schema_of(shape)}}
    _document_empty_answers(paths)
    _document_devise_errors(paths)
    _use_chatwoot_templates(document)
    return document


DEVISE_ERROR = {
    "type": "object",
    "title": "DeviseErrorShape",
    "properties": {"success": {"type": "boolean"}, "errors": {"type": "array", "items": {"type": "string"}}},
    "required": ["success", "errors"],
}


def _document_devise_errors(paths: dict) -> None:
    """Chatwoot's client sign-in routes (`/auth/...`, devise_token_auth) refuse in Devise's own shape,
    `{"success": false, "errors": [...]}`, not the Application API's."""
    for path, operations in paths.items():
        if not path.startswith("/auth/"):
            continue
        for operation in operations.values():
            for status, answer in operation.get("responses", {}).items():
                if status in ("401", "404", "429"):
                    answer["content"] = {"application/json": {"schema": DEVISE_ERROR}}


def _document_empty_answers(paths: dict) -> None:
    """Routes that return a bare `Response` (Chatwoot's `head :ok` on deletes) answer 200 with no body: FastAPI
    would document an untyped JSON body instead."""
    for operations in paths.values():
        for operation in operations.values():
            ok = operation.get("responses", {}).get("200", {})
            if ok.get("content") == {"application/json": {"schema": {}}}:
                del ok["content"]


def install(app: FastAPI) -> None:
    """Serve the completed document; it is built on the first request for it and kept."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, routes=app.routes)
            app.openapi_schema = complete(document)
        return app.openapi_schema

    app.openapi = openapi
