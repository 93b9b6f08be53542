"""Corrections to the spec's component schemas, each with the reason: where the published schema is wrong about
what Chatwoot's server really sends (its jbuilder views), Chatlake follows the server. docs/api.md lists them.

A correction widens one property's allowed types; it never removes a check.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.contract.spec import resolve_pointer


def _property(spec: dict, pointer: str, name: str) -> dict:
    return resolve_pointer(spec, pointer)["properties"][name]


@dataclass(frozen=True)
class AllowNull:
    """`property` of the schema at `pointer` may also be null."""

    pointer: str
    property: str
    reason: str

    def apply(self, spec: dict) -> None:
        properties = resolve_pointer(spec, self.pointer)["properties"]
        schema = properties[self.property]
        kinds = schema.get("type")
        if isinstance(kinds, str):
            schema["type"] = [kinds, "null"]
        elif isinstance(kinds, list):
            schema["type"] = [*kinds, "null"] if "null" not in kinds else kinds
        else:  # a $ref or a composition
            properties[self.property] = {"anyOf": [schema, {"type": "null"}]}
        if "enum" in schema and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]


@dataclass(frozen=True)
class AllowValues:
    """`property` of the schema at `pointer` may also take these enum values."""

    pointer: str
    property: str
    values: tuple
    reason: str

    def apply(self, spec: dict) -> None:
        schema = _property(spec, self.pointer, self.property)
        schema["enum"] = [*schema["enum"], *self.values]


@dataclass(frozen=True)
class ReplaceType:
    """`property` of the schema at `pointer` is of another JSON type than the spec says."""

    pointer: str
    property: str
    schema: dict
    reason: str

    def apply(self, spec: dict) -> None:
        resolve_pointer(spec, self.pointer)["properties"][self.property] = dict(self.schema)


@dataclass(frozen=True)
class ReplaceWith:
    """The schema at `pointer` is the one found at `source` (both pointers into the spec)."""

    pointer: str
    source: str
    reason: str

    def apply(self, spec: dict) -> None:
        parent_pointer, _, name = self.pointer.rpartition("/")
        resolve_pointer(spec, parent_pointer)[name] = resolve_pointer(spec, self.source)


def _schema(name: str) -> str:
    return f"/components/schemas/{name}"


UNSET = "Chatwoot's jbuilder renders the column as it is: null while unset"
OTHER_CHANNELS = "fields of other channel types; Chatwoot renders `channel.try(...)`, null for an API inbox"
CONVERSATION_METAS = (
    _schema("conversation_list") + "/properties/data/properties/payload/items/allOf/2/properties/meta",
    _schema("conversation_show") + "/allOf/1/properties/meta",
    _schema("contact_conversations_response") + "/properties/payload/items/allOf/1/properties/meta",
    "/paths/~1api~1v1~1accounts~1{account_id}~1conversations~1{conversation_id}~1messages/get/responses/200"
    "/content/application~1json/schema/properties/meta",
)
NO_ASSIGNEE = "Chatlake answers `assignee: null` when nobody is assigned, where Chatwoot leaves the key out"
NO_ACTIVITY = "a contact who never wrote has `last_activity_at: null` in Chatlake; Chatwoot leaves the key out"
TIMESERIES = (
    "/paths/~1api~1v2~1accounts~1{account_id}~1reports/get/responses/200/content/application~1json/schema/items"
)
EMPTY_AVERAGE = "an average over nothing is the integer 0 (docs/api.md, Reports), as Chatwoot's summary answers it"
ONLINE = "Chatwoot's availability_status is the presence status: online, busy or offline (never 'available')"

ARTICLE_STATUS = (
    "the spec types `status` integer with the names as its enum, which no value satisfies; Chatwoot's view renders"
    " the enum's name, as Chatlake does (docs/api.md, Help center)"
)
HELP_CENTER_UNSET = {
    "portal_item": ("color", "custom_domain", "header_text", "homepage_link", "page_title"),
    "category": ("description", "position", "parent_category_id", "associated_category_id"),
    "article": ("content", "position", "category_id", "author_id", "associated_article_id"),
}

LAST_JOINS_NOTHING = (
    "a rule is stored as checked: the last condition's query_operator joins nothing and is null (docs/api.md,"
    " Automation rules), as the filters read it"
)
RULE_EVENTS = (
    "the spec's rule names three events; Chatwoot's rules also run on conversation_opened and"
    " conversation_resolved (the spec's create payload names the latter), as Chatlake's do"
)

HOOK_COLUMNS = (
    "Chatwoot's hook view renders the columns as they are: integer ids (inbox_id null for an account hook) and the"
    " hook_type enum's name, `account` or `inbox`; the spec types them strings and a boolean"
)
APP_IDS = (
    "integration app ids are names (`dashboard_apps`, `slack`), in Chatwoot as in its apps list; the spec says integer"
)

CORRECTIONS: list = [
    ReplaceWith(
        _schema("contact"),
        _schema("contact_list_item"),
        "the `contact` component is a list envelope `{payload: [contact]}`, yet every answer that references it"
        " (contact merge, the message list's meta.contact) carries one contact: the spec's `contact_list_item`",
    ),
    *(AllowNull(meta, "assignee", NO_ASSIGNEE) for meta in CONVERSATION_METAS),
    *(AllowNull(f"{meta}/properties/sender", "last_activity_at", NO_ACTIVITY) for meta in CONVERSATION_METAS[:3]),
    AllowValues(_schema("conversation"), "status", ("snoozed",), "conversations can be snoozed (toggle_status)"),
    AllowNull(_schema("account_detail"), "domain", UNSET),
    AllowNull(_schema("account_detail"), "support_email", UNSET),
    AllowValues(_schema("agent"), "availability_status", ("online",), ONLINE),
    AllowNull(_schema("custom_attribute"), "attribute_description", UNSET),
    AllowNull(_schema("custom_attribute"), "regex_pattern", UNSET),
    AllowNull(_schema("custom_attribute"), "regex_cue", UNSET),
    AllowNull(_schema("custom_attribute"), "default_value", UNSET),
    ReplaceType(
        _schema("custom_attribute"),
        "attribute_values",
        {"type": "array"},
        "a jsonb array column, rendered as a JSON array (list options), not a string",
    ),
    AllowNull(_schema("inbox_contact"), "provider", OTHER_CHANNELS),
    ReplaceType(
        TIMESERIES,
        "value",
        {"type": ["string", "integer"]},
        "a count is an integer (Chatwoot's CountReportBuilder renders the count); an average is a decimal string"
        ' ("3600.0"), 0 where nothing was averaged (docs/api.md, Reports)',
    ),
    *(
        ReplaceType(summary, name, {"type": ["string", "integer"]}, EMPTY_AVERAGE)
        for summary in (_schema("account_summary"), _schema("account_summary") + "/properties/previous")
        for name in ("avg_first_response_time", "avg_resolution_time")
    ),
    *(
        AllowNull(_schema("inbox"), name, OTHER_CHANNELS)
        for name in (
            "widget_color",
            "website_url",
            "website_token",
            "web_widget_script",
            "reply_time",
        )
    ),
    *(AllowNull(_schema(name), field, UNSET) for name, fields in HELP_CENTER_UNSET.items() for field in fields),
    ReplaceType(
        _schema("article"),
        "status",
        {"type": "string", "enum": ["draft", "published", "archived"]},
        ARTICLE_STATUS,
    ),
    AllowNull(_schema("automation_rule_item") + "/properties/conditions/items", "query_operator", LAST_JOINS_NOTHING),
    AllowValues(
        _schema("automation_rule_item"), "event_name", ("conversation_opened", "conversation_resolved"), RULE_EVENTS
    ),
    *(
        ReplaceType(_schema("integrations_hook"), name, {"type": "integer"}, HOOK_COLUMNS)
        for name in ("id", "account_id")
    ),
    ReplaceType(_schema("integrations_hook"), "inbox_id", {"type": ["integer", "null"]}, HOOK_COLUMNS),
    ReplaceType(
        _schema("integrations_hook"), "hook_type", {"type": "string", "enum": ["account", "inbox"]}, HOOK_COLUMNS
    ),
    ReplaceType(_schema("integrations_hook_create_payload"), "app_id", {"type": "string"}, APP_IDS),
    AllowNull(
        _schema("audit_log"),
        "request_uuid",
        "Chatlake's own choice: it keeps no request ids, so `request_uuid` is null (docs/api.md, Audit log), where"
        " Chatwoot's audited gem stores a UUID per request",
    ),
    AllowValues(
        _schema("audit_log"),
        "action",
        ("sign_in",),
        "sign-ins are logged with action `sign_in`, as Chatwoot's Enterprise audit log does (docs/api.md, Audit log)",
    ),
]
