"""The contract scenario: one entry per spec operation Chatlake serves, saying how to call it.

An entry names the operation by the spec's own method and path template; `params` fills the template's
parameters (other than `account_id`) from the World, `query` and `body` build the request. The test calls it,
expects `status`, and validates the answer against the spec's schema for that status (and the request body
against the spec's request schema). Where Chatlake answers as Chatwoot's server does rather than as the spec
says, `override` carries the documented difference (docs/api.md); there is no other way to skip a check.

To cover a new operation: delete its row from docs/api-exclusions.md and add its entry here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.contract.spec import spec_ref
from tests.contract.world import World

A = "/api/v1/accounts/{account_id}"
V2 = "/api/v2/accounts/{account_id}"


@dataclass(frozen=True)
class Override:
    """What Chatwoot's server really answers where the published spec says otherwise."""

    reason: str
    status: int | None = None  # the status answered instead of the spec's
    schema: dict | None = None  # the body's schema instead of the spec's (may use spec_ref)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    params: Callable[[World], dict] = lambda w: {}
    query: Callable[[World], dict] | None = None
    body: Callable[[World], Any] | None = None
    status: int = 200
    override: Override | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path.removeprefix(A).removeprefix(V2)}"


def _op(method: str, path: str, **kw) -> Operation:
    return Operation(method, path, **kw)


def _contact(w: World) -> dict:
    return {"id": w.contact["id"]}


def _conversation(w: World) -> dict:
    return {"conversation_id": w.conversation["id"]}


def _fresh_conversation(w: World) -> dict:
    return {"conversation_id": w.fresh_conversation()["id"]}


def _fresh_message(w: World) -> dict:
    conversation, message = w.fresh_message()
    return {"conversation_id": conversation["id"], "message_id": message["id"]}


def _last_day(**more) -> Callable[[World], dict]:
    """The reports' range as Chatwoot's dashboard sends it (unix seconds, as text): the World's whole history."""

    def query(w: World) -> dict:
        now = int(time.time())
        return {"since": str(now - 86_400), "until": str(now + 3_600), **more}

    return query


WEBHOOK_ENVELOPE = "Chatwoot's server wraps webhooks in `payload` (docs/api.md, 'follows Chatwoot over its spec')"

PORTAL_ONE = (
    "a single portal is answered bare (Chatwoot's server) and under `payload` (its spec) (docs/api.md, Help"
    " center); the spec's create answer names the list envelope `portal`"
)

OPERATIONS: list[Operation] = [
    # Account and profile
    _op("GET", A),
    _op("PATCH", A, body=lambda w: {"name": "Contract Co", "locale": "en", "support_email": "help@example.com"}),
    _op("GET", "/api/v1/profile"),
    _op(
        "PUT",
        "/api/v1/profile",
        body=lambda w: {
            "profile": {
                "name": "Ada Admin",
                "display_name": "Ada",
                "message_signature": "Ada, Contract Co support",
                "ui_settings": {"is_contact_sidebar_open": True},
            }
        },
    ),
    # Agents
    _op("GET", A + "/agents"),
    _op(
        "POST",
        A + "/agents",
        body=lambda w: {"name": "New Agent", "email": f"new-{time.time_ns()}@example.com", "role": "agent"},
    ),
    _op(
        "PATCH",
        A + "/agents/{id}",
        params=lambda w: {"id": w.agent.user_id},
        body=lambda w: {"role": "agent", "availability_status": "busy"},
    ),
    _op("DELETE", A + "/agents/{id}", params=lambda w: {"id": w.fresh_agent().user_id}),
    # Canned responses
    _op("GET", A + "/canned_responses"),
    _op(
        "POST",
        A + "/canned_responses",
        body=lambda w: {"short_code": f"hi{time.time_ns()}", "content": "Hello {{contact.name}}"},
    ),
    _op(
        "PATCH",
        A + "/canned_responses/{id}",
        params=lambda w: {"id": w.canned_response["id"]},
        body=lambda w: {"content": "Thanks a lot!"},
    ),
    _op("DELETE", A + "/canned_responses/{id}", params=lambda w: {"id": w.fresh_canned_response()["id"]}),
    # Custom attribute definitions
    _op("GET", A + "/custom_attribute_definitions", query=lambda w: {"attribute_model": "1"}),
    _op(
        "POST",
        A + "/custom_attribute_definitions",
        body=lambda w: {
            "attribute_display_name": "Signed up",
            "attribute_key": f"signed_up_{time.time_ns()}",
            "attribute_display_type": 5,
            "attribute_model": 1,
            "attribute_description": "When they joined",
        },
    ),
    _op("GET", A + "/custom_attribute_definitions/{id}", params=lambda w: {"id": w.contact_attribute["id"]}),
    _op(
        "PATCH",
        A + "/custom_attribute_definitions/{id}",
        params=lambda w: {"id": w.contact_attribute["id"]},
        body=lambda w: {"attribute_description": "Paid plan"},
    ),
    _op(
        "DELETE",
        A + "/custom_attribute_definitions/{id}",
        params=lambda w: {"id": w.fresh_attribute()["id"]},
        override=Override("Chatwoot's controller answers `head :no_content`; the spec documents 200", status=204),
    ),
    # Contacts
    _op("GET", A + "/contacts", query=lambda w: {"sort": "-name", "page": 1}),
    _op(
        "POST",
        A + "/contacts",
        body=lambda w: {
            "inbox_id": w.inbox["id"],
            "name": "Dora",
            "email": f"dora{time.time_ns()}@example.com",
            "custom_attributes": {"plan": "free"},
        },
        override=Override(
            "Chatwoot answers {payload: {contact, contact_inbox}} (the spec's `extended_contact` is a payload array)",
            schema={
                "type": "object",
                "required": ["payload"],
                "properties": {
                    "payload": {
                        "type": "object",
                        "required": ["contact", "contact_inbox"],
                        "properties": {
                            "contact": spec_ref("contact_list_item"),
                            "contact_inbox": spec_ref("contact_inbox"),
                        },
                    }
                },
            },
        ),
    ),
    _op("GET", A + "/contacts/{id}", params=_contact),
    _op(
        "PUT",
        A + "/contacts/{id}",
        params=_contact,
        body=lambda w: {"name": "Alice Example", "custom_attributes": {"plan": "pro"}},
        override=Override(
            "Chatwoot answers 200 {payload: contact}, as show does; the spec says 204",
            status=200,
            schema=spec_ref("contact_show_response"),
        ),
    ),
    _op("DELETE", A + "/contacts/{id}", params=lambda w: {"id": w.fresh_contact()["id"]}),
    _op("GET", A + "/contacts/{id}/conversations", params=_contact),
    _op("GET", A + "/contacts/{id}/labels", params=_contact),
    _op("POST", A + "/contacts/{id}/labels", params=_contact, body=lambda w: {"labels": ["vip"]}),
    _op("GET", A + "/contacts/search", query=lambda w: {"q": "alice", "sort": "email"}),
    _op("POST", A + "/contacts/filter", body=lambda w: {"payload": [w.condition("name", "Alice Example")]}),
    _op(
        "POST",
        A + "/contacts/{id}/contact_inboxes",
        params=_contact,
        body=lambda w: {"inbox_id": w.fresh_inbox()["id"], "source_id": f"crm-{time.time_ns()}"},
    ),
    _op("GET", A + "/contacts/{id}/contactable_inboxes", params=_contact),
    _op(
        "POST",
        A + "/actions/contact_merge",
        body=lambda w: {"base_contact_id": w.fresh_contact()["id"], "mergee_contact_id": w.fresh_contact()["id"]},
    ),
    # Conversations
    _op("GET", A + "/conversations/meta", query=lambda w: {"status": "open"}),
    _op("GET", A + "/conversations", query=lambda w: {"assignee_type": "all", "status": "open"}),
    _op(
        "POST",
        A + "/conversations",
        body=lambda w: {
            "source_id": w.contact["contact_inbox"]["source_id"],
            "inbox_id": w.inbox["id"],
            "contact_id": w.contact["id"],
            "custom_attributes": {"order_id": "B-7"},
            "message": {"content": "We have an update on your order"},
        },
    ),
    _op(
        "POST",
        A + "/conversations/filter",
        body=lambda w: {"payload": [w.condition("status", "open")]},
        override=Override(
            "Chatwoot's server answers {meta, payload} without the list's `data` wrapper (docs/api.md)",
            schema={
                "type": "object",
                "required": ["meta", "payload"],
                "properties": {
                    "meta": {"type": "object", "required": ["mine_count", "unassigned_count", "all_count"]},
                    "payload": spec_ref("conversation_list", "/properties/data/properties/payload"),
                },
            },
        ),
    ),
    _op("GET", A + "/conversations/{conversation_id}", params=_conversation),
    _op("PATCH", A + "/conversations/{conversation_id}", params=_conversation, body=lambda w: {"priority": "high"}),
    _op(
        "POST",
        A + "/conversations/{conversation_id}/toggle_status",
        params=_fresh_conversation,
        body=lambda w: {"status": "snoozed", "snoozed_until": int(time.time()) + 3600},
    ),
    _op(
        "POST",
        A + "/conversations/{conversation_id}/toggle_priority",
        params=_conversation,
        body=lambda w: {"priority": "urgent"},
    ),
    _op(
        "POST",
        A + "/conversations/{conversation_id}/toggle_typing_status",
        params=_conversation,
        body=lambda w: {"typing_status": "on", "is_private": False},
    ),
    _op(
        "POST",
        A + "/conversations/{conversation_id}/custom_attributes",
        params=_conversation,
        body=lambda w: {"custom_attributes": {"order_id": "A-100"}},
    ),
    _op(
        "POST",
        A + "/conversations/{conversation_id}/assignments",
        params=_conversation,
        body=lambda w: {"assignee_id": w.agent.user_id},
    ),
    _op("GET", A + "/conversations/{conversation_id}/labels", params=_conversation),
    _op(
        "POST",
        A + "/conversations/{conversation_id}/labels",
        params=_conversation,
        body=lambda w: {"labels": ["vip", "refund"]},
    ),
    # Inboxes and their members
    _op("GET", A + "/inboxes"),
    _op(
        "POST",
        A + "/inboxes",
        body=lambda w: {
            "name": "Mobile app",
            "greeting_enabled": False,
            "channel": {"type": "api", "webhook_url": w.webhook_url},
        },
    ),
    _op("GET", A + "/inboxes/{id}", params=lambda w: {"id": w.inbox["id"]}),
    _op(
        "PATCH",
        A + "/inboxes/{id}",
        params=lambda w: {"id": w.inbox["id"]},
        body=lambda w: {"name": "Website API", "enable_auto_assignment": True},
    ),
    _op("GET", A + "/inbox_members/{inbox_id}", params=lambda w: {"inbox_id": w.inbox["id"]}),
    _op("POST", A + "/inbox_members", body=lambda w: {"inbox_id": w.inbox["id"], "user_ids": [w.agent.user_id]}),
    _op("PATCH", A + "/inbox_members", body=lambda w: {"inbox_id": str(w.inbox["id"]), "user_ids": [w.agent.user_id]}),
    _op("DELETE", A + "/inbox_members", body=lambda w: _members_of_fresh_inbox(w)),
    # Labels
    _op("GET", A + "/labels"),
    _op(
        "POST",
        A + "/labels",
        body=lambda w: {
            "title": f"new{time.time_ns()}",
            "description": "Fresh",
            "color": "#1f93ff",
            "show_on_sidebar": True,
        },
    ),
    _op("GET", A + "/labels/{id}", params=lambda w: {"id": w.label["id"]}),
    _op(
        "PATCH",
        A + "/labels/{id}",
        params=lambda w: {"id": w.label["id"]},
        body=lambda w: {"description": "Very important"},
    ),
    _op("DELETE", A + "/labels/{id}", params=lambda w: {"id": w.fresh_label()["id"]}),
    # Messages
    _op("GET", A + "/conversations/{conversation_id}/messages", params=_conversation),
    _op(
        "POST",
        A + "/conversations/{conversation_id}/messages",
        params=_conversation,
        body=lambda w: {
            "content": "It ships today",
            "message_type": "outgoing",
            "private": False,
            "content_type": "text",
        },
    ),
    _op(
        "DELETE",
        A + "/conversations/{conversation_id}/messages/{message_id}",
        params=_fresh_message,
        override=Override(
            "Chatwoot's destroy view renders the message as it now is (its tombstone, content_attributes.deleted);"
            " the spec documents no body",
            schema={"allOf": [spec_ref("generic_id"), spec_ref("message")]},
        ),
    ),
    # Teams and their members
    _op("GET", A + "/teams"),
    _op(
        "POST",
        A + "/teams",
        body=lambda w: {"name": f"sales{time.time_ns()}", "description": "Deals", "allow_auto_assign": True},
    ),
    _op("GET", A + "/teams/{team_id}", params=lambda w: {"team_id": w.team["id"]}),
    _op(
        "PATCH",
        A + "/teams/{team_id}",
        params=lambda w: {"team_id": w.team["id"]},
        body=lambda w: {"description": "Invoices and refunds"},
    ),
    _op("DELETE", A + "/teams/{team_id}", params=lambda w: {"team_id": w.fresh_team()["id"]}),
    _op("GET", A + "/teams/{team_id}/team_members", params=lambda w: {"team_id": w.team["id"]}),
    _op(
        "POST",
        A + "/teams/{team_id}/team_members",
        params=lambda w: {"team_id": w.team["id"]},
        body=lambda w: {"user_ids": [w.agent.user_id]},
    ),
    _op(
        "PATCH",
        A + "/teams/{team_id}/team_members",
        params=lambda w: {"team_id": w.team["id"]},
        body=lambda w: {"user_ids": [w.agent.user_id]},
    ),
    _op(
        "DELETE",
        A + "/teams/{team_id}/team_members",
        params=lambda w: {"team_id": w.fresh_team()["id"]},
        body=lambda w: {"user_ids": [w.agent.user_id]},
    ),
    # Custom filters
    _op("GET", A + "/custom_filters", query=lambda w: {"filter_type": "conversation"}),
    _op(
        "POST",
        A + "/custom_filters",
        body=lambda w: {"name": "Pro contacts", "type": "contact", "query": {"payload": [w.condition("plan", "pro")]}},
    ),
    _op("GET", A + "/custom_filters/{custom_filter_id}", params=lambda w: {"custom_filter_id": w.custom_filter["id"]}),
    _op(
        "PATCH",
        A + "/custom_filters/{custom_filter_id}",
        params=lambda w: {"custom_filter_id": w.custom_filter["id"]},
        body=lambda w: {"name": "Open VIP conversations"},
    ),
    _op(
        "DELETE",
        A + "/custom_filters/{custom_filter_id}",
        params=lambda w: {"custom_filter_id": w.fresh_custom_filter()["id"]},
        override=Override("Chatwoot's controller answers `head :no_content`; the spec documents 200", status=204),
    ),
    # Webhooks
    _op(
        "GET",
        A + "/webhooks",
        override=Override(
            WEBHOOK_ENVELOPE,
            schema={
                "type": "object",
                "required": ["payload"],
                "properties": {
                    "payload": {
                        "type": "object",
                        "required": ["webhooks"],
                        "properties": {"webhooks": {"type": "array", "items": spec_ref("webhook")}},
                    }
                },
            },
        ),
    ),
    _op(
        "POST",
        A + "/webhooks",
        body=lambda w: {
            "url": f"{w.webhook_url}/new",
            "name": "Analytics",
            "subscriptions": ["conversation_status_changed"],
        },
        override=Override(
            WEBHOOK_ENVELOPE,
            schema={
                "type": "object",
                "required": ["payload"],
                "properties": {
                    "payload": {
                        "type": "object",
                        "required": ["webhook"],
                        "properties": {"webhook": spec_ref("webhook")},
                    }
                },
            },
        ),
    ),
    _op(
        "PATCH",
        A + "/webhooks/{webhook_id}",
        params=lambda w: {"webhook_id": w.webhook["id"]},
        body=lambda w: {"name": "CRM sync"},
        override=Override(
            WEBHOOK_ENVELOPE,
            schema={
                "type": "object",
                "required": ["payload"],
                "properties": {
                    "payload": {
                        "type": "object",
                        "required": ["webhook"],
                        "properties": {"webhook": spec_ref("webhook")},
                    }
                },
            },
        ),
    ),
    _op("DELETE", A + "/webhooks/{webhook_id}", params=lambda w: {"webhook_id": w.fresh_webhook()["id"]}),
    # Agent bots
    _op("GET", A + "/agent_bots"),
    _op(
        "POST",
        A + "/agent_bots",
        body=lambda w: {
            "name": "Order status bot",
            "description": "Tells customers where their parcel is",
            "outgoing_url": f"{w.webhook_url}/orders-bot",
            "avatar_url": "https://example.com/bot.png",
            "bot_type": 0,
            "bot_config": {},
        },
    ),
    _op("GET", A + "/agent_bots/{id}", params=lambda w: {"id": w.agent_bot["id"]}),
    _op(
        "PATCH",
        A + "/agent_bots/{id}",
        params=lambda w: {"id": w.agent_bot["id"]},
        body=lambda w: {"description": "Answers first, hands over to billing"},
    ),
    _op("DELETE", A + "/agent_bots/{id}", params=lambda w: {"id": w.fresh_agent_bot()["id"]}),
    _op(
        "GET",
        A + "/inboxes/{id}/agent_bot",
        params=lambda w: {"id": w.inbox_with_bot()["id"]},
        override=Override(
            "Chatwoot's view renders 200 {agent_bot: bot or null} (docs/api.md); the spec says 204 with a bare bot",
            status=200,
            schema={
                "type": "object",
                "required": ["agent_bot"],
                "properties": {"agent_bot": {"anyOf": [spec_ref("agent_bot"), {"type": "null"}]}},
            },
        ),
    ),
    _op(
        "POST",
        A + "/inboxes/{id}/set_agent_bot",
        params=lambda w: {"id": w.fresh_inbox()["id"]},
        body=lambda w: {"agent_bot": w.agent_bot["id"]},
        status=204,
    ),
    # Help center
    _op("GET", A + "/portals"),
    _op(
        "POST",
        A + "/portals",
        body=lambda w: {
            "name": "Developers",
            "slug": f"dev-{time.time_ns()}",
            "color": "#000000",
            "header_text": "API guides",
            "homepage_link": "https://example.com/dev",
            "page_title": "Developer docs",
            "archived": False,
            "config": {"allowed_locales": ["en"], "default_locale": "en"},
        },
        override=Override(PORTAL_ONE, schema={"allOf": [spec_ref("portal_item"), spec_ref("portal_single")]}),
    ),
    _op(
        "PATCH",
        A + "/portals/{id}",
        params=lambda w: {"id": w.portal["slug"]},
        body=lambda w: {"header_text": "Answers to every question"},
        override=Override(PORTAL_ONE, schema={"allOf": [spec_ref("portal_item"), spec_ref("portal_single")]}),
    ),
    _op(
        "POST",
        A + "/portals/{id}/categories",
        params=lambda w: {"id": w.portal["slug"]},
        body=lambda w: {
            "name": "Envios",
            "slug": f"envios-{time.time_ns()}",
            "locale": "pt",
            "description": "Encomendas",
            "position": 1,
            "associated_category_id": w.category["id"],
        },
    ),
    _op(
        "POST",
        A + "/portals/{id}/articles",
        params=lambda w: {"id": w.portal["slug"]},
        body=lambda w: {
            "title": "Returns",
            "content": "Send it back within 30 days.",
            "description": "How to return",
            "status": 0,
            "category_id": w.category["id"],
            "author_id": w.agent.user_id,
            "meta": {"tags": ["returns"]},
        },
    ),
    # Automation rules
    _op("GET", A + "/automation_rules"),
    _op(
        "POST",
        A + "/automation_rules",
        body=lambda w: {
            "name": "Urgent when the customer is angry",
            "description": "Raise the priority of conversations that mention a complaint",
            "event_name": "conversation_created",
            "active": False,
            "conditions": [
                {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": "and"}
            ],
            "actions": [{"action_name": "change_priority", "action_params": ["urgent"]}],
        },
    ),
    _op("GET", A + "/automation_rules/{id}", params=lambda w: {"id": w.automation_rule["id"]}),
    _op(
        "PATCH",
        A + "/automation_rules/{id}",
        params=lambda w: {"id": w.automation_rule["id"]},
        body=lambda w: {"description": "Label refund requests and answer them"},
    ),
    _op("DELETE", A + "/automation_rules/{id}", params=lambda w: {"id": w.fresh_automation_rule()["id"]}),
    # Integrations
    _op("GET", A + "/integrations/apps"),
    _op(
        "POST",
        A + "/integrations/hooks",
        body=lambda w: {
            "app_id": "dashboard_apps",
            "status": 1,
            "settings": {"title": "Billing", "url": "https://billing.example.com/embed"},
        },
    ),
    _op(
        "PATCH",
        A + "/integrations/hooks/{hook_id}",
        params=lambda w: {"hook_id": w.hook["id"]},
        body=lambda w: {"status": 0, "settings": {"title": "Orders", "url": "https://crm.example.com/orders"}},
    ),
    _op("DELETE", A + "/integrations/hooks/{hook_id}", params=lambda w: {"hook_id": w.fresh_hook()["id"]}),
    # Audit log
    _op("GET", A + "/audit_logs", query=lambda w: {"page": 1}),
    # Reports
    _op("GET", A + "/reporting_events", query=lambda w: {**_last_day()(w), "page": 1, "inbox_id": w.inbox["id"]}),
    _op(
        "GET",
        A + "/conversations/{conversation_id}/reporting_events",
        params=lambda w: {"conversation_id": w.resolved_conversation["id"]},
    ),
    _op("GET", V2 + "/reports", query=_last_day(metric="avg_first_response_time", type="account")),
    _op("GET", V2 + "/reports/summary", query=lambda w: {**_last_day(type="team")(w), "id": w.team["id"]}),
    _op("GET", V2 + "/reports/conversations", query=lambda w: {"type": "account"}),
    _op("GET", V2 + "/reports/conversations/", query=lambda w: {"type": "agent"}),
    _op("GET", V2 + "/summary_reports/channel", query=_last_day()),
    _op("GET", V2 + "/summary_reports/inbox", query=_last_day(business_hours="true")),
    _op("GET", V2 + "/summary_reports/agent", query=_last_day()),
    _op("GET", V2 + "/summary_reports/team", query=_last_day()),
    _op("GET", V2 + "/reports/first_response_time_distribution", query=_last_day()),
    _op(
        "GET",
        V2 + "/reports/inbox_label_matrix",
        query=lambda w: {**_last_day()(w), "inbox_ids[]": [w.inbox["id"]], "label_ids[]": [w.label["id"]]},
    ),
    _op("GET", V2 + "/reports/outgoing_messages_count", query=_last_day(group_by="agent")),
]


def _members_of_fresh_inbox(w: World) -> dict:
    inbox = w.fresh_inbox()
    w.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [w.agent.user_id]})
    return {"inbox_id": str(inbox["id"]), "user_ids": [w.agent.user_id]}
