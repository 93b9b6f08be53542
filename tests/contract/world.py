"""Realistic account data for the contract test, built through the public API as a user would build it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from tests.api.members import Members
from tests.support import LiveServer, TestAccount


def _ok(response) -> dict | list:
    assert response.status_code == 200, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json()


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@dataclass
class World:
    """One account with an API inbox, an agent, contacts with sessions, conversations carrying incoming,
    outgoing and private messages, labels, a team, canned responses, custom attribute definitions, a custom
    filter, a webhook, an agent bot (connected to no inbox of the scenario's conversations, which it would leave
    pending), a help-center portal in two locales with a category and a published article, an automation rule
    (on incoming messages about refunds, which the scenario does not send after it), a dashboard app's hook on the
    inbox, and a resolved conversation
    whose replies and resolution fill the reports. `fresh_*` make throwaway records for operations that delete
    or merge."""

    admin: TestAccount
    members: Members
    webhook_url: str
    agent: TestAccount = field(init=False)
    inbox: dict = field(init=False)
    contact: dict = field(init=False)
    bare_contact: dict = field(init=False)
    conversation: dict = field(init=False)
    resolved_conversation: dict = field(init=False)
    team: dict = field(init=False)
    label: dict = field(init=False)
    canned_response: dict = field(init=False)
    contact_attribute: dict = field(init=False)
    conversation_attribute: dict = field(init=False)
    custom_filter: dict = field(init=False)
    webhook: dict = field(init=False)
    agent_bot: dict = field(init=False)
    portal: dict = field(init=False)
    category: dict = field(init=False)
    automation_rule: dict = field(init=False)
    hook: dict = field(init=False)

    @classmethod
    def build(cls, server: LiveServer, webhook_url: str) -> World:
        admin = server.bootstrap("Contract Co")
        world = cls(admin=admin, members=Members(admin), webhook_url=webhook_url)
        world._populate()
        return world

    @property
    def account_id(self) -> int:
        return self.admin.account_id

    def close(self) -> None:
        self.members.close()
        if self.admin._client is not None:
            self.admin._client.close()

    def post(self, suffix: str, body) -> dict | list:
        return _ok(self.admin.post(suffix, body))

    def _populate(self) -> None:
        self.inbox = self.post(
            "/inboxes", {"name": "Website API", "channel": {"type": "api", "webhook_url": self.webhook_url}}
        )
        self.agent = self.members.add(name="Ann Agent")
        self.post("/inbox_members", {"inbox_id": self.inbox["id"], "user_ids": [self.agent.user_id]})
        self.team = self.post("/teams", {"name": "billing", "description": "Money matters"})
        self.post(f"/teams/{self.team['id']}/team_members", {"user_ids": [self.agent.user_id]})
        self.label = self.post("/labels", {"title": "vip", "description": "Big customer", "color": "#ff0000"})
        self.post("/labels", {"title": "refund", "show_on_sidebar": False})
        self.canned_response = self.post("/canned_responses", {"short_code": "thanks", "content": "Thank you!"})
        self.contact_attribute = self.post(
            "/custom_attribute_definitions",
            {
                "attribute_display_name": "Plan",
                "attribute_key": "plan",
                "attribute_display_type": 6,
                "attribute_model": 1,
                "attribute_values": ["free", "pro"],
                "attribute_description": "Subscription plan",
            },
        )
        self.conversation_attribute = self.post(
            "/custom_attribute_definitions",
            {
                "attribute_display_name": "Order",
                "attribute_key": "order_id",
                "attribute_display_type": 0,
                "attribute_model": 0,
            },
        )
        self.contact = self.fresh_contact(
            name="Alice Example",
            email="alice@example.com",
            phone_number="+14155550100",
            identifier="alice-1",
            additional_attributes={"city": "Lisbon", "country": "Portugal", "company_name": "Acme"},
            custom_attributes={"plan": "pro"},
        )
        self.bare_contact = self.fresh_contact(name="Bob")
        self.post(f"/contacts/{self.contact['id']}/labels", {"labels": ["vip"]})
        self.conversation = self.fresh_conversation(self.contact)
        number = self.conversation["id"]
        self.post(f"/conversations/{number}/messages", {"content": "Where is my order?", "message_type": "incoming"})
        self.post(f"/conversations/{number}/messages", {"content": "Looking into it", "message_type": "outgoing"})
        self.post(f"/conversations/{number}/messages", {"content": "Check the ledger", "private": True})
        self.post(f"/conversations/{number}/labels", {"labels": ["vip", "refund"]})
        self.post(f"/conversations/{number}/assignments", {"assignee_id": self.agent.user_id})
        self.post(f"/conversations/{number}/custom_attributes", {"custom_attributes": {"order_id": "A-100"}})
        # A second one without assignee, messages or labels: the other shape of every nullable field.
        self.fresh_conversation(self.bare_contact)
        self.resolved_conversation = self._resolved_conversation()
        self.custom_filter = self.post(
            "/custom_filters",
            {"name": "Open VIPs", "type": "conversation", "query": {"payload": [self.condition("status", "open")]}},
        )
        self.webhook = self.post(
            "/webhooks",
            {"url": self.webhook_url, "name": "CRM", "subscriptions": ["conversation_created", "message_created"]},
        )["payload"]["webhook"]
        self.agent_bot = self.fresh_agent_bot(name="Triage bot")
        self._help_center()
        self.automation_rule = self.fresh_automation_rule(name="Refunds to billing")
        self.hook = self.fresh_hook(inbox_id=self.inbox["id"])

    def _help_center(self) -> None:
        self.portal = self.post(
            "/portals",
            {
                "name": "Contract Help",
                "slug": _unique("help"),
                "color": "#1f93ff",
                "header_text": "How can we help?",
                "homepage_link": "https://example.com",
                "page_title": "Contract Co help",
                "config": {"allowed_locales": ["en", "pt"], "default_locale": "en"},
            },
        )["payload"]
        portal = f"/portals/{self.portal['slug']}"
        self.category = self.post(
            portal + "/categories",
            {"name": "Shipping", "slug": "shipping", "locale": "en", "description": "Parcels", "icon": "📦"},
        )["payload"]
        self.post(
            portal + "/articles",
            {
                "title": "Where is my parcel?",
                "content": "Track it from your order page.",
                "description": "Tracking",
                "status": 1,
                "category_id": self.category["id"],
                "meta": {"tags": ["tracking"]},
            },
        )

    def _resolved_conversation(self) -> dict:
        """Answered by the agent (a first response, then a reply the customer waited for), resolved and reopened
        by the customer: every kind of reporting event Chatlake records, in the inbox, team and label of the
        reports."""
        conversation = self.fresh_conversation(self.contact)
        path = f"/conversations/{conversation['id']}"
        self.post(path + "/assignments", {"team_id": self.team["id"]})
        self.post(path + "/assignments", {"assignee_id": self.agent.user_id})
        self.post(path + "/labels", {"labels": ["vip"]})
        for content, kind, member in (
            ("My parcel is late", "incoming", self.admin),
            ("Sorry, checking now", "outgoing", self.agent),
            ("Any news?", "incoming", self.admin),
            ("It arrives tomorrow", "outgoing", self.agent),
        ):
            _ok(member.post(path + "/messages", {"content": content, "message_type": kind}))
        self.post(path + "/toggle_status", {"status": "resolved"})
        self.post(path + "/messages", {"content": "Thanks, it came", "message_type": "incoming"})
        self.post(path + "/toggle_status", {"status": "resolved"})
        return conversation

    @staticmethod
    def condition(key: str, *values: str) -> dict:
        return {"attribute_key": key, "filter_operator": "equal_to", "values": list(values), "query_operator": "AND"}

    def fresh_contact(self, **fields) -> dict:
        """A contact with a session in the inbox; answers the contact, its `source_id` under `contact_inbox`."""
        body = self.post(
            "/contacts", {"inbox_id": self.inbox["id"], "name": fields.pop("name", _unique("Carol")), **fields}
        )
        return {**body["payload"]["contact"], "contact_inbox": body["payload"]["contact_inbox"]}

    def fresh_conversation(self, contact: dict | None = None) -> dict:
        contact = contact or self.fresh_contact()
        return self.post(
            "/conversations",
            {
                "source_id": contact["contact_inbox"]["source_id"],
                "inbox_id": self.inbox["id"],
                "contact_id": contact["id"],
            },
        )

    def fresh_agent(self) -> TestAccount:
        return self.members.add(name=_unique("Temp"))

    def fresh_team(self) -> dict:
        return self.post("/teams", {"name": _unique("team")})

    def fresh_inbox(self) -> dict:
        return self.post("/inboxes", {"name": _unique("Inbox"), "channel": {"type": "api"}})

    def fresh_label(self) -> dict:
        return self.post("/labels", {"title": _unique("tmp")})

    def fresh_canned_response(self) -> dict:
        return self.post("/canned_responses", {"short_code": _unique("tmp"), "content": "Bye"})

    def fresh_attribute(self) -> dict:
        key = _unique("tmp").replace("-", "_")
        return self.post(
            "/custom_attribute_definitions",
            {"attribute_display_name": key, "attribute_key": key, "attribute_display_type": 1, "attribute_model": 0},
        )

    def fresh_custom_filter(self) -> dict:
        return self.post("/custom_filters", {"name": _unique("tmp"), "type": "contact", "query": {"payload": []}})

    def fresh_webhook(self) -> dict:
        return self.post(
            "/webhooks", {"url": f"{self.webhook_url}/{_unique('w')}", "subscriptions": ["contact_created"]}
        )["payload"]["webhook"]

    def fresh_agent_bot(self, **fields) -> dict:
        return self.post(
            "/agent_bots",
            {
                "name": fields.pop("name", _unique("Bot")),
                "description": "Answers first",
                "outgoing_url": f"{self.webhook_url}/bot",
                "bot_type": 0,
                "bot_config": {"greeting": "Hi!"},
                **fields,
            },
        )

    def inbox_with_bot(self) -> dict:
        """A fresh inbox the World's bot answers in."""
        inbox = self.fresh_inbox()
        assert (
            self.admin.post(f"/inboxes/{inbox['id']}/set_agent_bot", {"agent_bot": self.agent_bot["id"]}).status_code
            == 204
        )
        return inbox

    def fresh_automation_rule(self, **fields) -> dict:
        return self.post(
            "/automation_rules",
            {
                "name": fields.pop("name", _unique("Rule")),
                "description": "Label and route refund requests",
                "event_name": "message_created",
                "active": True,
                "conditions": [
                    {
                        "attribute_key": "message_type",
                        "filter_operator": "equal_to",
                        "values": ["incoming"],
                        "query_operator": "and",
                    },
                    {
                        "attribute_key": "content",
                        "filter_operator": "contains",
                        "values": ["refund"],
                        "query_operator": "and",
                    },
                ],
                "actions": [
                    {"action_name": "add_label", "action_params": ["refund"]},
                    {"action_name": "send_message", "action_params": ["We are on it"]},
                ],
                **fields,
            },
        )["payload"]

    def fresh_hook(self, **fields) -> dict:
        """A dashboard app (the one kind of hook made at …/integrations/hooks, docs/api.md Integrations)."""
        settings = {"title": "Orders", "url": f"https://crm.example.com/{_unique('embed')}"}
        return self.post(
            "/integrations/hooks", {"app_id": "dashboard_apps", "status": 1, "settings": settings, **fields}
        )

    def fresh_message(self) -> tuple[dict, dict]:
        """An incoming message in a fresh conversation: (conversation, message)."""
        conversation = self.fresh_conversation()
        message = self.post(
            f"/conversations/{conversation['id']}/messages", {"content": "Sent by mistake", "message_type": "incoming"}
        )
        return conversation, message
