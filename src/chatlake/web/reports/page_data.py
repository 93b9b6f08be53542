"""Everything the Reports page shows for a range, read through the report queries the v2 API serves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.auth.actor import Actor
from chatlake.queries.agents import list_agents
from chatlake.queries.reports.agent_messages import messages_sent_by_agent
from chatlake.queries.reports.breakdowns import outgoing_messages_count
from chatlake.queries.reports.metrics import metric_timeseries, metric_totals
from chatlake.queries.reports.scope import ReportScope
from chatlake.queries.reports.summaries import agent_summaries, inbox_summaries
from chatlake.queries.workspace_choices import visible_inboxes
from chatlake.web.display import person_name
from chatlake.web.reports.charts import (
    RankChart,
    Series,
    TimeChart,
    count_text,
    period_label,
    rank_chart,
    time_chart,
)
from chatlake.web.reports.date_range import ReportRange
from chatlake.web.reports.durations import human_duration

SERIES_METRICS = (
    "conversations_count",
    "incoming_messages_count",
    "outgoing_messages_count",
    "avg_first_response_time",
    "avg_resolution_time",
)


@dataclass
class Breakdown:
    """One agent's or inbox's line in the range."""

    name: str
    conversations: int
    resolved: int
    first_response: str
    resolution: str
    messages_sent: int


@dataclass
class ReportsPage:
    agent_names: dict[int, str]
    inbox_names: dict[int, str]
    totals: dict
    charts: list[TimeChart]
    agents: list[Breakdown]
    inboxes: list[Breakdown]
    agent_chart: RankChart
    inbox_chart: RankChart
    first_response: str
    resolution: str


def _average(value) -> float:
    return float(value or 0)


def _average_or_none(value) -> float | None:
    """The summary's averages are 0 when nothing was averaged: shown as a dash, not as "0 s"."""
    return float(value) if value else None


def _many(count: int, noun: str) -> str:
    return f"{count_text(count)} {noun}{'' if count == 1 else 's'}"


def _per_period(chosen: ReportRange, total: int) -> str:
    periods = len(chosen.period().starts())
    return f"{total / periods:,.1f} a {chosen.group_by}" if periods else "0"


def _busiest(chart_points: list[dict], chosen: ReportRange) -> str:
    best = max(chart_points, key=lambda point: point["value"], default=None)
    if not best or not best["value"]:
        return ""
    label = period_label(best["timestamp"], chosen.group_by)
    if chosen.group_by == "week":
        label = label[0].lower() + label[1:]  # "busiest week of Mar 2, 2026"
    return f"; busiest {label} ({count_text(best['value'])})"


def _time_charts(chosen: ReportRange, points: dict[str, list[dict]], totals: dict) -> list[TimeChart]:
    timestamps = [point["timestamp"] for point in points["conversations_count"]]
    group_by = chosen.group_by
    conversations = totals["conversations_count"]
    incoming, outgoing = totals["incoming_messages_count"], totals["outgoing_messages_count"]
    first_response, resolution = _average(totals["avg_first_response_time"]), _average(totals["avg_resolution_time"])
    responses = sum(point["count"] for point in points["avg_first_response_time"])
    resolutions = sum(point["count"] for point in points["avg_resolution_time"])

    def values(metric: str) -> list[float]:
        return [_average(point["value"]) for point in points[metric]]

    def counts(metric: str) -> list[str]:
        return [count_text(point["count"]) for point in points[metric]]

    return [
        time_chart(
            "conversations",
            "Conversations",
            timestamps,
            [Series("Conversations", "series-conversations", values("conversations_count"))],
            group_by=group_by,
            summary=f"{count_text(conversations)} conversations started, {_per_period(chosen, conversations)}"
            + _busiest(points["conversations_count"], chosen)
            + ".",
            empty_message="No conversations in this range",
        ),
        time_chart(
            "messages",
            "Messages",
            timestamps,
            [
                Series("Incoming", "series-incoming", values("incoming_messages_count")),
                Series("Outgoing", "series-outgoing", values("outgoing_messages_count")),
            ],
            group_by=group_by,
            summary=f"{count_text(incoming + outgoing)} messages: {count_text(incoming)} incoming, "
            f"{count_text(outgoing)} outgoing.",
            empty_message="No messages in this range",
        ),
        time_chart(
            "first-response",
            "First response time",
            timestamps,
            [Series("Average first response", "series-first-response", values("avg_first_response_time"))],
            group_by=group_by,
            summary=f"Average {human_duration(first_response)} over {_many(responses, 'first response')}.",
            empty_message="No first responses in this range",
            show=human_duration,
            extra_columns=[("First responses", counts("avg_first_response_time"))],
            has_data=responses > 0,
        ),
        time_chart(
            "resolution",
            "Resolution time",
            timestamps,
            [Series("Average resolution", "series-resolution", values("avg_resolution_time"))],
            group_by=group_by,
            summary=f"Average {human_duration(resolution)} over {_many(resolutions, 'resolution')}.",
            empty_message="No resolutions in this range",
            show=human_duration,
            extra_columns=[("Resolutions", counts("avg_resolution_time"))],
            has_data=resolutions > 0,
        ),
    ]


def _breakdowns(summaries: list[dict], names: dict[int, str], sent: list[dict]) -> list[Breakdown]:
    sent_by = {row["id"]: row["outgoing_messages_count"] for row in sent}
    rows = [
        Breakdown(
            names.get(summary["id"], f"#{summary['id']}"),
            summary["conversations_count"],
            summary["resolved_conversations_count"],
            human_duration(summary["avg_first_response_time"]),
            human_duration(summary["avg_resolution_time"]),
            sent_by.get(summary["id"], 0),
        )
        for summary in summaries
    ]
    active = [row for row in rows if row.conversations or row.resolved or row.messages_sent]
    return sorted(active, key=lambda row: (-row.conversations, -row.messages_sent, row.name.lower()))


async def reports_page(session: AsyncSession, actor: Actor, chosen: ReportRange, scope: ReportScope) -> ReportsPage:
    """Totals and charts of `scope`; the by-agent and by-inbox breakdowns are always of the whole account."""
    account_id = actor.account_id
    period = chosen.period()
    points = {metric: await metric_timeseries(session, scope, metric, period) for metric in SERIES_METRICS}
    totals = await metric_totals(session, scope, chosen.since, chosen.until)
    range_ = {"since": chosen.since, "until": chosen.until}
    agent_names = {user.id: person_name(user) for user, _ in await list_agents(session, account_id)}
    inbox_names = {inbox.id: inbox.name for inbox in await visible_inboxes(session, actor)}
    agents = _breakdowns(
        await agent_summaries(session, account_id, **range_),
        agent_names,
        await messages_sent_by_agent(session, account_id, **range_),
    )
    inboxes = _breakdowns(
        await inbox_summaries(session, account_id, **range_),
        inbox_names,
        await outgoing_messages_count(session, account_id, "inbox", **range_),
    )
    return ReportsPage(
        agent_names=agent_names,
        inbox_names=inbox_names,
        totals=totals,
        charts=_time_charts(chosen, points, totals),
        agents=agents,
        inboxes=inboxes,
        agent_chart=rank_chart(
            "agents", "Conversations by agent", [(row.name, row.conversations) for row in agents if row.conversations]
        ),
        first_response=human_duration(_average_or_none(totals["avg_first_response_time"])),
        resolution=human_duration(_average_or_none(totals["avg_resolution_time"])),
        inbox_chart=rank_chart(
            "inboxes", "Conversations by inbox", [(row.name, row.conversations) for row in inboxes if row.conversations]
        ),
    )
