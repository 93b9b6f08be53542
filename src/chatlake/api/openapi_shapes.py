"""The JSON shapes Chatlake answers, as pydantic models used only to describe them in /api-docs/openapi.json.

Routers build their bodies with presenters/ and never pass through these models (no runtime cost);
tests/contract validates real answers against the schemas generated from them, so they stay true.
Fields every answer carries are required; the rest are optional.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

Json = dict[str, Any]


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class InboxShape(Shape):
    id: int
    name: str
    channel_id: int
    channel_type: str
    avatar_url: str
    greeting_enabled: bool
    greeting_message: str | None
    working_hours_enabled: bool
    enable_email_collect: bool
    csat_survey_enabled: bool
    enable_auto_assignment: bool
    auto_assignment_config: Json
    out_of_office_message: str | None
    working_hours: list[Json]
    timezone: str | None
    allow_messages_after_resolved: bool
    lock_to_single_conversation: bool
    sender_name_type: str
    webhook_url: str | None = None
    inbox_identifier: str | None = None
    hmac_mandatory: bool | None = None
    additional_attributes: Json | None = None
    hmac_token: str | None = None  # administrators only
    secret: str | None = None  # administrators only
    # Create and update only: why deliveries to the saved webhook_url will be refused (operations/webhook_url_check)
    webhook_url_warning: str | None = None


class ContactInboxShape(Shape):
    source_id: str
    inbox: InboxShape


class ContactShape(Shape):
    """Chatwoot's contact model: unix times, `contact_inboxes` on the /contacts endpoints."""

    id: int
    name: str | None
    email: str | None
    phone_number: str | None
    identifier: str | None
    thumbnail: str
    blocked: bool
    additional_attributes: Json
    custom_attributes: Json
    availability_status: str
    last_activity_at: int | None
    created_at: int | None
    contact_inboxes: list[ContactInboxShape] | None = None


class ContactPushShape(Shape):
    """A contact as a message sender (Chatwoot's push data)."""

    id: int
    name: str | None
    email: str | None
    phone_number: str | None
    identifier: str | None
    thumbnail: str
    blocked: bool
    additional_attributes: Json
    custom_attributes: Json
    type: str


class UserPushShape(Shape):
    id: int
    name: str
    available_name: str
    avatar_url: str
    type: str
    availability_status: str
    thumbnail: str


class MessageShape(Shape):
    id: int
    content: str | None
    account_id: int
    inbox_id: int
    conversation_id: int  # the conversation's per-account number
    message_type: int  # 0 incoming, 1 outgoing, 2 activity, 3 template
    content_type: str
    status: str
    content_attributes: Json
    additional_attributes: Json
    created_at: int
    updated_at: int | None
    private: bool
    source_id: str | None
    sender_type: str | None
    sender_id: int | None
    attachments: list[Json]
    echo_id: str | None = None
    sender: ContactPushShape | UserPushShape | None = None


class TeamBriefShape(Shape):
    id: int
    name: str


class ConversationMetaShape(Shape):
    sender: ContactShape
    channel: str
    assignee: UserPushShape | None
    assignee_type: str | None
    team: TeamBriefShape | None
    hmac_verified: bool | None


class SourceIdShape(Shape):
    source_id: str


class ConversationShape(Shape):
    id: int  # the per-account number every URL uses
    uuid: str
    account_id: int
    inbox_id: int
    status: str
    priority: str | None
    can_reply: bool
    labels: list[str]
    muted: bool
    additional_attributes: Json
    custom_attributes: Json
    snoozed_until: int | None
    unread_count: int
    first_reply_created_at: int | None
    waiting_since: int
    agent_last_seen_at: int
    assignee_last_seen_at: int
    contact_last_seen_at: int
    last_activity_at: int
    timestamp: int
    created_at: int
    updated_at: float
    sla_policy_id: int | None
    meta: ConversationMetaShape
    messages: list[MessageShape]
    last_non_activity_message: MessageShape | None
    contact_inbox: SourceIdShape


class ConversationCountsShape(Shape):
    mine_count: int
    assigned_count: int | None = None
    unassigned_count: int
    all_count: int


class ConversationPageShape(Shape):
    meta: ConversationCountsShape
    payload: list[ConversationShape]


class ConversationListShape(Shape):
    data: ConversationPageShape


class ConversationMetaCountsShape(Shape):
    meta: ConversationCountsShape


class MessagesMetaShape(Shape):
    labels: list[str]
    additional_attributes: Json
    contact: ContactPushShape
    assignee: UserPushShape | None
    agent_last_seen_at: int | None
    assignee_last_seen_at: int | None


class MessagesPageShape(Shape):
    meta: MessagesMetaShape
    payload: list[MessageShape]


class ToggleStatusPayloadShape(Shape):
    success: bool
    conversation_id: int
    current_status: str
    snoozed_until: int | None


class ToggleStatusShape(Shape):
    meta: Json
    payload: ToggleStatusPayloadShape


class ContactsMetaShape(Shape):
    count: int
    current_page: int
    has_more: bool | None = None  # search only


class ContactsPageShape(Shape):
    meta: ContactsMetaShape
    payload: list[ContactShape]


class ContactPayloadShape(Shape):
    payload: ContactShape


class ContactCreatedPayloadShape(Shape):
    contact: ContactShape
    contact_inbox: ContactInboxShape | None


class ContactCreatedShape(ContactShape):
    """Chatwoot's envelope plus the contact's fields at the top level (docs/api.md)."""

    payload: ContactCreatedPayloadShape


class ContactInboxesShape(Shape):
    payload: list[ContactInboxShape]


class ConversationsPayloadShape(Shape):
    payload: list[ConversationShape]


class StringsPayloadShape(Shape):
    payload: list[str]


class AgentShape(Shape):
    id: int
    account_id: int
    availability_status: str
    auto_offline: bool
    confirmed: bool
    email: str
    available_name: str
    name: str
    role: str
    thumbnail: str
    custom_role_id: int | None = None


class AgentsPayloadShape(Shape):
    payload: list[AgentShape]


class InboxesPayloadShape(Shape):
    payload: list[InboxShape]


class TeamShape(Shape):
    id: int
    name: str
    description: str | None
    allow_auto_assign: bool
    account_id: int
    is_member: bool | None = None


class LabelShape(Shape):
    id: int
    title: str
    description: str
    color: str
    show_on_sidebar: bool


class LabelsPayloadShape(Shape):
    payload: list[LabelShape]


class CannedResponseShape(Shape):
    id: int
    account_id: int
    short_code: str
    content: str
    created_at: str | None
    updated_at: str | None


class CustomAttributeDefinitionShape(Shape):
    id: int
    attribute_display_name: str
    attribute_display_type: str
    attribute_description: str | None
    attribute_key: str
    regex_pattern: str | None
    regex_cue: str | None
    attribute_values: list[Any]
    attribute_model: str
    default_value: Any
    created_at: str | None
    updated_at: str | None


class CustomFilterShape(Shape):
    id: int
    name: str
    filter_type: str
    query: Json
    created_at: str | None
    updated_at: str | None


class WebhookShape(Shape):
    id: int
    account_id: int
    name: str | None
    url: str
    subscriptions: list[str]
    inbox: Json | None
    secret: str | None
    enabled: bool
    disabled_at: int | None
    disabled_reason: str | None


class WebhookListPayloadShape(Shape):
    webhooks: list[WebhookShape]


class WebhookListShape(Shape):
    payload: WebhookListPayloadShape


class WebhookOnePayloadShape(Shape):
    webhook: WebhookShape


class WebhookOneShape(Shape):
    payload: WebhookOnePayloadShape


class DeliveryShape(Shape):
    id: int
    delivery_id: str
    event: str
    event_cursor: int | None
    url: str
    status: str
    attempts: int
    last_response_code: int | None
    last_error: str | None
    last_latency_ms: int | None
    next_attempt_at: int | None
    created_at: int | None
    delivered_at: int | None


class DeliveriesPayloadShape(Shape):
    payload: list[DeliveryShape]


class DeliveryPayloadShape(Shape):
    payload: DeliveryShape


class AccountShape(Shape):
    id: int
    name: str
    locale: str | None
    domain: str | None
    support_email: str | None
    status: str
    created_at: str | None
    cache_keys: Json
    features: Json
    settings: Json
    custom_attributes: Json
    latest_chatwoot_version: str | None
    subscribed_features: list[str]


class ProfileAccountShape(Shape):
    id: int
    name: str
    role: str
    availability: str
    availability_status: str
    auto_offline: bool
    active_at: str | None
    status: str


class ProfileShape(Shape):
    id: int
    access_token: str | None
    account_id: int | None
    accounts: list[ProfileAccountShape]
    available_name: str
    avatar_url: str
    confirmed: bool
    display_name: str | None
    message_signature: str | None
    email: str
    name: str
    provider: str
    pubsub_token: str | None
    role: str | None
    ui_settings: Json
    uid: str
    type: str


class CustomAttributesShape(Shape):
    custom_attributes: Json


class NoteShape(Shape):
    id: int
    content: str
    account_id: int
    contact_id: int
    user: Json | None = None  # absent when the author no longer exists
    created_at: int | None
    updated_at: int | None


class SearchPayloadShape(Shape):
    payload: Json  # {conversations, contacts, messages} or the one part asked for


class EmptyShape(Shape):
    """`{}`: where Chatwoot answers an empty 200, Chatlake answers an empty JSON object."""


class FilterConditionShape(Shape):
    attribute_key: str
    filter_operator: str
    values: list[Any] | None = None
    query_operator: str | None = None
    custom_attribute_type: str | None = None


class FilterRequestShape(Shape):
    """`{"payload": [conditions]}`: each condition's `query_operator` (and, or) joins it to the next."""

    payload: list[FilterConditionShape]


class InboxChannelUpdateShape(Shape):
    webhook_url: str | None = None
    hmac_mandatory: bool | None = None


class InboxUpdateShape(Shape):
    """Administrators: the inbox's fields, flat or wrapped as `{"inbox": {...}}`."""

    name: str | None = None
    enable_auto_assignment: bool | None = None
    greeting_enabled: bool | None = None
    greeting_message: str | None = None
    enable_email_collect: bool | None = None
    csat_survey_enabled: bool | None = None
    allow_messages_after_resolved: bool | None = None
    lock_to_single_conversation: bool | None = None
    working_hours_enabled: bool | None = None
    out_of_office_message: str | None = None
    timezone: str | None = None
    channel: InboxChannelUpdateShape | None = None


class ErrorShape(Shape):
    """401 and 404 (and refusals of the filter engine): `{"error": "..."}`."""

    error: str


class InvalidShape(Shape):
    """422: what is wrong, and the fields concerned."""

    message: str
    attributes: list[str]
