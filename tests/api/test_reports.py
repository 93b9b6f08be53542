"""v2 reports over a small, fixed history: exact counts per period and averages worked out here by hand.

The history (UTC; 2026-03-02 is a Monday). First responses, reply times and resolutions in seconds:
  c0  Alpha  Sat 02-28 12:00  incoming 12:00, admin reply 12:01 (first response 60); stays open
  c1  Alpha  Mon D1 10:00     admin, team billing, labels vip+bugxreport
                              incoming 10:01, admin reply 10:05 (300), incoming 11:00, admin reply 11:10 (600),
                              resolved D2 09:00 (82800)
  c2  Alpha  Mon D1 23:30     agent, label bug_report
                              incoming 23:31, agent reply D2 00:30 (3600), resolved D2 01:30 (7200)
  c3  Beta   Tue D2 12:00     unassigned, labels vip+bug_report
                              incoming 12:00, admin reply 17:00 (18000), admin private note 17:05,
                              incoming D3 08:00, agent reply D3 08:20 (1200); stays open
  c4  Beta   Wed D3 06:00     agent, team billing; incoming 06:00, never answered
Another account has its own conversation on D1, which none of these numbers may include.
"""

from __future__ import annotations

import httpx
import pytest

from tests.api.members import NOT_AUTHORIZED, Members
from tests.api.reports_support import History, at, unix
from tests.querycount import QueryCounter

D0, D1, D2, D3, D4 = "2026-02-28", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"
RANGE = {"since": unix(at(D1)), "until": unix(at(D4))}


class Shop:
    """The account above, built once for the module (the reports only read it)."""

    def __init__(self, server) -> None:
        self.admin = server.bootstrap("Reports shop")
        self.members = Members(self.admin)
        self.agent = self.members.add(name="Agnes Agent")
        self.alpha = self.admin.create_api_inbox(name="Alpha")["id"]
        self.beta = self.admin.create_api_inbox(name="Beta")["id"]
        for inbox in (self.alpha, self.beta):
            r = self.admin.post("/inbox_members", {"inbox_id": inbox, "user_ids": [self.agent.user_id]})
            assert r.status_code == 200, r.text
        self.team = self.admin.post("/teams", {"name": "billing"}).json()["id"]
        self.labels = {
            title: self.admin.post("/labels", {"title": title}).json()["id"]
            for title in ("vip", "bug_report", "bugxreport")
        }
        admin, agent = History(self.admin), History(self.agent)

        c0 = admin.conversation(self.alpha, at(D0, "12:00:00"))
        admin.incoming(c0, at(D0, "12:00:00"))
        admin.reply(c0, at(D0, "12:01:00"))

        self.c1 = c1 = admin.conversation(
            self.alpha, at(D1, "10:00:00"), assignee_id=self.admin.user_id, team_id=self.team
        )
        admin.incoming(c1, at(D1, "10:01:00"))
        admin.reply(c1, at(D1, "10:05:00"))
        admin.incoming(c1, at(D1, "11:00:00"))
        admin.reply(c1, at(D1, "11:10:00"))
        admin.status(c1, "resolved", at(D2, "09:00:00"))

        c2 = admin.conversation(self.alpha, at(D1, "23:30:00"), assignee_id=self.agent.user_id)
        admin.incoming(c2, at(D1, "23:31:00"))
        agent.reply(c2, at(D2, "00:30:00"))
        admin.status(c2, "resolved", at(D2, "01:30:00"))

        c3 = admin.conversation(self.beta, at(D2, "12:00:00"))
        admin.incoming(c3, at(D2, "12:00:00"))
        admin.reply(c3, at(D2, "17:00:00"))
        admin.reply(c3, at(D2, "17:05:00"), private=True)
        admin.incoming(c3, at(D3, "08:00:00"))
        agent.reply(c3, at(D3, "08:20:00"))

        c4 = admin.conversation(self.beta, at(D3, "06:00:00"), assignee_id=self.agent.user_id, team_id=self.team)
        admin.incoming(c4, at(D3, "06:00:00"))

        for number, labels in ((c1, ["vip", "bugxreport"]), (c2, ["bug_report"]), (c3, ["vip", "bug_report"])):
            assert self.admin.post(f"/conversations/{number}/labels", {"labels": labels}).status_code == 200

        self.other = server.bootstrap("Elsewhere")
        elsewhere = History(self.other)
        inbox = self.other.create_api_inbox()["id"]
        theirs = elsewhere.conversation(inbox, at(D1, "10:00:00"))
        elsewhere.incoming(theirs, at(D1, "10:00:00"))
        elsewhere.reply(theirs, at(D1, "10:00:07"))
        elsewhere.status(theirs, "resolved", at(D1, "10:00:09"))

    def v2(self, suffix: str, member=None, **params):
        member = member or self.admin
        return member.client.get(f"/api/v2/accounts/{member.account_id}{suffix}", params=params)

    def ok(self, suffix: str, **params):
        r = self.v2(suffix, **params)
        assert r.status_code == 200, r.text
        return r.json()

    def series(self, metric: str, **params) -> list:
        return self.ok("/reports", metric=metric, **{"type": "account", **RANGE, **params})

    def close(self) -> None:
        self.members.close()
        for acct in (self.admin, self.other):
            if acct._client is not None:
                acct._client.close()


@pytest.fixture(scope="module")
def shop(server):
    built = Shop(server)
    yield built
    built.close()


def values(points: list) -> list:
    return [p["value"] for p in points]


def days(*names: str, offset_hours: float = 0) -> list[int]:
    return [unix(at(day)) - round(offset_hours * 3600) for day in names]


def test_counts_per_day(shop):
    conversations = shop.series("conversations_count")
    assert [p["timestamp"] for p in conversations] == days(D1, D2, D3)
    assert values(conversations) == [2, 1, 1]
    assert values(shop.series("incoming_messages_count")) == [3, 1, 2]
    # Private notes are outgoing messages too (as Chatwoot counts them).
    assert values(shop.series("outgoing_messages_count")) == [2, 3, 1]
    assert values(shop.series("resolutions_count")) == [0, 2, 0]
    assert values(shop.series("bot_resolutions_count")) == [0, 0, 0]
    assert values(shop.series("bot_handoffs_count")) == [0, 0, 0]


def test_averages_per_day_carry_their_counts(shop):
    first_response = shop.series("avg_first_response_time")
    assert [(p["value"], p["count"]) for p in first_response] == [
        ("300.0", 1),
        (str((3600 + 18000) / 2), 2),
        (0, 0),
    ]
    assert [p["timestamp"] for p in first_response] == days(D1, D2, D3)
    resolution = shop.series("avg_resolution_time")
    assert [(p["value"], p["count"]) for p in resolution] == [(0, 0), (str((82800 + 7200) / 2), 2), (0, 0)]
    assert values(shop.series("reply_time")) == ["600.0", 0, "1200.0"]
    assert values(shop.series("reply_time", business_hours="true")) == ["600.0", 0, "1200.0"]


def test_a_timezone_offset_moves_events_into_local_days(shop):
    # UTC-5: c2's reply (D2 00:30 UTC) and resolution (D2 01:30) fall on the local D1, c1's resolution
    # (D2 09:00 UTC = 04:00) on the local D2.
    local = {"since": days(D1, offset_hours=-5)[0], "until": days(D4, offset_hours=-5)[0], "timezone_offset": "-5"}
    resolutions = shop.series("resolutions_count", **local)
    assert [p["timestamp"] for p in resolutions] == days(D1, D2, D3, offset_hours=-5)
    assert values(resolutions) == [1, 1, 0]
    first_response = shop.series("avg_first_response_time", **local)
    assert [(p["value"], p["count"]) for p in first_response] == [(str((300 + 3600) / 2), 2), ("18000.0", 1), (0, 0)]
    # UTC+5:30: c2 (created D1 23:30 UTC) starts on the local D2.
    east = {"since": days(D1, offset_hours=5.5)[0], "until": days(D4, offset_hours=5.5)[0], "timezone_offset": "5.5"}
    conversations = shop.series("conversations_count", **east)
    assert [p["timestamp"] for p in conversations] == days(D1, D2, D3, offset_hours=5.5)
    assert values(conversations) == [1, 2, 1]


def test_weeks_start_on_monday_and_months_on_the_first(shop):
    weeks = shop.series("conversations_count", since=unix(at("2026-02-27")), until=RANGE["until"], group_by="week")
    assert [p["timestamp"] for p in weeks] == days("2026-02-23", D1)
    assert values(weeks) == [1, 4]
    months = shop.series("conversations_count", since=unix(at("2026-02-20")), until=RANGE["until"], group_by="month")
    assert [(p["timestamp"], p["value"]) for p in months] == [(unix(at("2026-02-01")), 1), (unix(at("2026-03-01")), 4)]
    years = shop.series("incoming_messages_count", since=unix(at("2026-01-01")), until=RANGE["until"], group_by="year")
    assert years == [{"value": 7, "timestamp": unix(at("2026-01-01"))}]
    hours = shop.series(
        "conversations_count", since=unix(at(D1, "09:00:00")), until=unix(at(D1, "12:00:00")), group_by="hour"
    )
    assert values(hours) == [0, 1, 0]


def test_agent_inbox_label_and_team_series(shop):
    agent = {"type": "agent", "id": shop.agent.user_id}
    assert values(shop.series("conversations_count", **agent)) == [1, 0, 1]  # c2, c4: assigned to the agent
    assert values(shop.series("outgoing_messages_count", **agent)) == [0, 1, 1]  # the agent's own replies
    assert values(shop.series("avg_first_response_time", **agent)) == [0, "3600.0", 0]
    assert values(shop.series("reply_time", **agent)) == [0, 0, "1200.0"]
    beta = {"type": "inbox", "id": shop.beta}
    assert values(shop.series("conversations_count", **beta)) == [0, 1, 1]
    assert values(shop.series("incoming_messages_count", **beta)) == [0, 1, 2]
    # bug_report must not match c1's bugxreport (an unescaped `_` would).
    bug = {"type": "label", "id": shop.labels["bug_report"]}
    assert values(shop.series("conversations_count", **bug)) == [1, 1, 0]
    assert values(shop.series("resolutions_count", **bug)) == [0, 1, 0]
    assert values(shop.series("incoming_messages_count", **bug)) == [1, 1, 1]
    team = {"type": "team", "id": shop.team}
    assert values(shop.series("conversations_count", **team)) == [1, 0, 1]
    assert values(shop.series("outgoing_messages_count", **team)) == [2, 0, 0]
    assert values(shop.series("avg_resolution_time", **team)) == [0, "82800.0", 0]


def test_the_summary_compares_with_the_period_before(shop):
    summary = shop.ok("/reports/summary", type="account", **RANGE)
    previous = summary.pop("previous")
    assert summary == {
        "conversations_count": 4,
        "incoming_messages_count": 6,
        "outgoing_messages_count": 6,
        "avg_first_response_time": str((300 + 3600 + 18000) / 3),
        "avg_resolution_time": str((82800 + 7200) / 2),
        "resolutions_count": 2,
        "reply_time": str((600 + 1200) / 2),
    }
    # The three days before D1 hold only c0.
    assert previous == {
        "conversations_count": 1,
        "incoming_messages_count": 1,
        "outgoing_messages_count": 1,
        "avg_first_response_time": "60.0",
        "avg_resolution_time": 0,
        "resolutions_count": 0,
        "reply_time": 0,
    }
    agent = shop.ok("/reports/summary", type="agent", id=shop.agent.user_id, **RANGE)
    assert (agent["conversations_count"], agent["resolutions_count"], agent["avg_resolution_time"]) == (2, 1, "7200.0")


def test_summaries_by_inbox_agent_and_team(shop):
    inboxes = {row.pop("id"): row for row in shop.ok("/summary_reports/inbox", **RANGE)}
    assert inboxes == {
        shop.alpha: {
            "conversations_count": 2,
            "resolved_conversations_count": 2,
            "avg_resolution_time": (82800 + 7200) / 2,
            "avg_first_response_time": (300 + 3600) / 2,
            "avg_reply_time": 600,
        },
        shop.beta: {
            "conversations_count": 2,
            "resolved_conversations_count": 0,
            "avg_resolution_time": None,
            "avg_first_response_time": 18000,
            "avg_reply_time": 1200,
        },
    }
    agents = {row.pop("id"): row for row in shop.ok("/summary_reports/agent", **RANGE)}
    assert agents[shop.admin.user_id] == {
        "conversations_count": 1,
        "resolved_conversations_count": 1,
        "avg_resolution_time": 82800,
        "avg_first_response_time": (300 + 18000) / 2,
        "avg_reply_time": 600,
    }
    assert agents[shop.agent.user_id] == {
        "conversations_count": 2,
        "resolved_conversations_count": 1,
        "avg_resolution_time": 7200,
        "avg_first_response_time": 3600,
        "avg_reply_time": 1200,
    }
    assert shop.ok("/summary_reports/team", **RANGE) == [
        {
            "id": shop.team,
            "conversations_count": 2,
            "resolved_conversations_count": 1,
            "avg_resolution_time": 82800,
            "avg_first_response_time": 300,
            "avg_reply_time": 600,
        }
    ]
    everything = {row["id"]: row for row in shop.ok("/summary_reports/inbox")}
    assert everything[shop.alpha]["conversations_count"] == 3  # no range: c0 too


def test_channels_response_times_and_the_label_matrix(shop):
    assert shop.ok("/summary_reports/channel", **RANGE) == {
        "Channel::Api": {"open": 2, "resolved": 2, "pending": 0, "snoozed": 0, "total": 4}
    }
    assert shop.ok("/reports/first_response_time_distribution", **RANGE) == {
        "Channel::Api": {"0-1h": 1, "1-4h": 1, "4-8h": 1, "8-24h": 0, "24h+": 0}
    }
    labels = shop.labels
    matrix = shop.ok("/reports/inbox_label_matrix", **RANGE)
    assert matrix == {
        "inboxes": [{"id": shop.alpha, "name": "Alpha"}, {"id": shop.beta, "name": "Beta"}],
        "labels": [
            {"id": labels["bug_report"], "title": "bug_report"},
            {"id": labels["bugxreport"], "title": "bugxreport"},
            {"id": labels["vip"], "title": "vip"},
        ],
        "matrix": [[1, 1, 1], [1, 0, 1]],
    }
    narrowed = shop.ok(
        "/reports/inbox_label_matrix", **RANGE, **{"inbox_ids[]": [shop.beta], "label_ids[]": [labels["vip"]]}
    )
    assert narrowed == {
        "inboxes": [{"id": shop.beta, "name": "Beta"}],
        "labels": [{"id": labels["vip"], "title": "vip"}],
        "matrix": [[1]],
    }


def test_outgoing_messages_by_agent_team_inbox_and_label(shop):
    def counts(group_by: str) -> list:
        return [
            (r["id"], r["name"], r["outgoing_messages_count"])
            for r in shop.ok("/reports/outgoing_messages_count", group_by=group_by, **RANGE)
        ]

    # By the conversation's assignee, as Chatwoot: c3 (unassigned) does not count.
    assert counts("agent") == [(shop.admin.user_id, "Ada Admin", 2), (shop.agent.user_id, "Agnes Agent", 1)]
    assert counts("team") == [(shop.team, "billing", 2)]
    assert counts("inbox") == [(shop.alpha, "Alpha", 3), (shop.beta, "Beta", 3)]
    labels = shop.labels
    assert counts("label") == [
        (labels["vip"], "vip", 5),
        (labels["bug_report"], "bug_report", 4),
        (labels["bugxreport"], "bugxreport", 2),
    ]


def test_open_conversations_now(shop):
    # c0, c3 and c4 are open; only c4 waits for a first answer; c0 and c3 have no assignee.
    assert shop.ok("/reports/conversations", type="account") == {"open": 3, "unattended": 1, "unassigned": 2}
    agents = shop.ok("/reports/conversations/", type="agent")
    assert [(a["id"], a["metric"]) for a in agents] == [
        (shop.agent.user_id, {"open": 1, "unattended": 1}),
        (shop.admin.user_id, {"open": 0, "unattended": 0}),
    ]
    assert set(agents[0]) == {"id", "name", "email", "thumbnail", "availability", "metric"}
    (only,) = shop.ok("/reports/conversations", type="agent", user_id=shop.admin.user_id)
    assert only["name"] == "Ada Admin"


def test_another_account_sees_only_its_own(shop):
    theirs = shop.other.client.get(
        f"/api/v2/accounts/{shop.other.account_id}/reports/summary", params={"type": "account", **RANGE}
    ).json()
    assert (theirs["conversations_count"], theirs["resolutions_count"], theirs["avg_first_response_time"]) == (
        1,
        1,
        "7.0",
    )
    foreign_inbox = shop.other.create_api_inbox()["id"]
    r = shop.v2("/reports", metric="conversations_count", type="inbox", id=foreign_inbox, **RANGE)
    assert r.status_code == 404
    r = shop.v2("/reports/conversations", type="agent", user_id=shop.other.user_id)
    assert r.status_code == 404
    r = shop.admin.client.get(
        f"/api/v2/accounts/{shop.other.account_id}/reports/summary", params={"type": "account", **RANGE}
    )
    assert r.status_code == 401


@pytest.mark.parametrize(
    "suffix",
    [
        "/reports?metric=conversations_count&type=account&since=0&until=10",
        "/reports/summary?type=account&since=0&until=10",
        "/reports/conversations?type=account",
        "/reports/conversations/?type=agent",
        "/summary_reports/channel",
        "/summary_reports/inbox",
        "/summary_reports/agent",
        "/summary_reports/team",
        "/reports/first_response_time_distribution",
        "/reports/inbox_label_matrix",
        "/reports/outgoing_messages_count?group_by=inbox",
    ],
)
def test_agents_are_refused(shop, suffix):
    r = shop.agent.client.get(f"/api/v2/accounts/{shop.agent.account_id}{suffix}")
    assert (r.status_code, r.json()) == (401, NOT_AUTHORIZED)


@pytest.mark.parametrize(
    ("suffix", "params", "field"),
    [
        ("/reports", {"type": "account", **RANGE}, "metric"),
        ("/reports", {"metric": "happiness", "type": "account", **RANGE}, "metric"),
        ("/reports", {"metric": "conversations_count", **RANGE}, "type"),
        ("/reports", {"metric": "conversations_count", "type": "planet", **RANGE}, "type"),
        ("/reports", {"metric": "conversations_count", "type": "inbox", **RANGE}, "id"),
        ("/reports", {"metric": "conversations_count", "type": "inbox", "id": "abc", **RANGE}, "id"),
        ("/reports", {"metric": "conversations_count", "type": "account", "until": RANGE["until"]}, "since"),
        ("/reports", {"metric": "conversations_count", "type": "account", "since": "monday", "until": "1"}, "since"),
        (
            "/reports",
            {"metric": "conversations_count", "type": "account", "since": RANGE["until"], "until": RANGE["since"]},
            "until",
        ),
        (
            "/reports",
            {"metric": "conversations_count", "type": "account", **RANGE, "group_by": "fortnight"},
            "group_by",
        ),
        (
            "/reports",
            {"metric": "conversations_count", "type": "account", "since": 0, "until": 10**9, "group_by": "hour"},
            "group_by",
        ),
        (
            "/reports",
            {"metric": "conversations_count", "type": "account", **RANGE, "timezone_offset": "15"},
            "timezone_offset",
        ),
        (
            "/reports",
            {"metric": "conversations_count", "type": "account", **RANGE, "timezone_offset": "CET"},
            "timezone_offset",
        ),
        ("/reports/summary", {"type": "account", "since": RANGE["since"]}, "until"),
        ("/reports/conversations", {}, "type"),
        ("/reports/conversations", {"type": "inbox"}, "type"),
        ("/reports/conversations/", {"type": "agent", "user_id": "me"}, "user_id"),
        ("/reports/outgoing_messages_count", {}, "group_by"),
        ("/reports/outgoing_messages_count", {"group_by": "contact"}, "group_by"),
        ("/reports/inbox_label_matrix", {"inbox_ids[]": "first"}, "inbox_ids"),
        ("/summary_reports/inbox", {"since": "soon"}, "since"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(shop, suffix, params, field):
    r = shop.v2(suffix, **params)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]


def test_a_channel_summary_over_six_months_is_refused(shop):
    r = shop.v2("/summary_reports/channel", since=unix(at("2026-01-01")), until=unix(at("2026-07-01", "00:00:01")))
    assert r.status_code == 400
    assert "6 months" in r.json()["error"]
    assert (
        shop.v2("/summary_reports/channel", since=unix(at("2026-01-01")), until=unix(at("2026-07-01"))).status_code
        == 200
    )


def test_report_queries_do_not_grow_with_the_rows_they_cover(server, account):
    counter = QueryCounter(server)
    path = f"/api/v2/accounts/{account.account_id}"
    account.create_api_inbox(name="One")
    account.post("/labels", {"title": "first"})

    def statements(suffix: str, **params) -> int:
        with counter.counting():
            assert account.client.get(path + suffix, params=params).status_code == 200
        return counter.count

    few = [statements("/summary_reports/inbox"), statements("/reports/inbox_label_matrix")]
    few.append(statements("/reports", metric="avg_first_response_time", type="account", **RANGE))
    for i in range(4):
        inbox = account.create_api_inbox(name=f"Inbox {i}")
        account.post("/labels", {"title": f"label{i}"})
        conversation = account.create_conversation(inbox["id"])
        account.post(f"/conversations/{conversation['id']}/labels", {"labels": [f"label{i}"]})
        account.create_message(conversation["id"], "hi")
    many = [statements("/summary_reports/inbox"), statements("/reports/inbox_label_matrix")]
    many.append(statements("/reports", metric="avg_first_response_time", type="account", **RANGE))
    assert many == few


def test_without_a_token_reports_are_refused(shop):
    r = httpx.get(f"{shop.admin.server.url}/api/v2/accounts/{shop.admin.account_id}/reports/conversations?type=account")
    assert (r.status_code, r.json()) == (401, {"error": "Invalid Access Token"})
