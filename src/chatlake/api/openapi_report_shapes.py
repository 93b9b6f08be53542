"""The JSON shapes of the reports (v1 reporting events, v2 reports and summary reports), for
/api-docs/openapi.json only; see api/openapi_shapes.py. Numbers follow docs/api.md "Reports": counts are
integers; averages are decimal strings in time series and the summary (`0` when there is nothing to average),
numbers or null in the summary reports."""

from __future__ import annotations

from pydantic import Field, RootModel

from chatlake.api.openapi_shapes import Shape

# A Chatwoot average: its BigDecimal as a string ("3600.0"), or the integer 0 when there is nothing to average.
Average = str | int


class ReportingEventShape(Shape):
    id: int
    name: str
    value: float
    value_in_business_hours: float
    event_start_time: str
    event_end_time: str
    account_id: int
    conversation_id: int | None  # the conversation's number, as in its URL
    inbox_id: int | None
    user_id: int | None
    created_at: str
    updated_at: str


class ReportingEventsMetaShape(Shape):
    count: int
    current_page: int
    total_pages: int


class ReportingEventsPageShape(Shape):
    payload: list[ReportingEventShape]
    meta: ReportingEventsMetaShape


class ReportPointShape(Shape):
    value: Average  # counts are integers; averages decimal strings ("3600.0"), 0 when nothing was averaged
    timestamp: int
    count: int | None = None  # averages only: how many values were averaged


class ReportTotalsShape(Shape):
    conversations_count: int
    incoming_messages_count: int
    outgoing_messages_count: int
    avg_first_response_time: Average
    avg_resolution_time: Average
    resolutions_count: int
    reply_time: Average


class ReportSummaryShape(ReportTotalsShape):
    previous: ReportTotalsShape


class AccountConversationMetricsShape(Shape):
    open: int
    unattended: int
    unassigned: int


class OpenCountsShape(Shape):
    open: int
    unattended: int


class AgentConversationMetricsShape(Shape):
    id: int
    name: str
    email: str
    thumbnail: str
    availability: str
    metric: OpenCountsShape


class ChannelStatusCountsShape(Shape):
    open: int
    resolved: int
    pending: int
    snoozed: int
    total: int


class ChannelSummaryShape(RootModel[dict[str, ChannelStatusCountsShape]]):
    """Keyed by channel type (`Channel::Api`)."""


class SummaryRowShape(Shape):
    id: int
    conversations_count: int
    resolved_conversations_count: int
    avg_resolution_time: float | None
    avg_first_response_time: float | None
    avg_reply_time: float | None


class ResponseTimeBucketsShape(Shape):
    under_1h: int = Field(alias="0-1h")
    from_1_to_4h: int = Field(alias="1-4h")
    from_4_to_8h: int = Field(alias="4-8h")
    from_8_to_24h: int = Field(alias="8-24h")
    over_24h: int = Field(alias="24h+")


class ResponseTimeDistributionShape(RootModel[dict[str, ResponseTimeBucketsShape]]):
    """Keyed by channel type (`Channel::Api`)."""


class MatrixInboxShape(Shape):
    id: int
    name: str


class MatrixLabelShape(Shape):
    id: int
    title: str


class InboxLabelMatrixShape(Shape):
    inboxes: list[MatrixInboxShape]
    labels: list[MatrixLabelShape]
    matrix: list[list[int]]  # matrix[i][j]: conversations of inboxes[i] carrying labels[j]


class OutgoingMessagesCountShape(Shape):
    id: int | None  # a label's messages are grouped by its title: null once the label is deleted
    name: str | None
    outgoing_messages_count: int
