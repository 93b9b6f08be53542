"""The Reports page over HTTP: administrators see the range's totals, charts and breakdowns, worked out by hand
and matching the v2 summary API; agents are refused; bad ranges are a clear 400; another account never shows."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from chatlake.web.reports.durations import human_duration
from tests.api.members import Members
from tests.api.reports_support import History, at, unix
from tests.dashboard_support import Dashboard
from tests.querycount import QueryCounter

D1, D2, D3, D4 = "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"
CHOSEN = {"range": "custom", "since": D1, "until": D3}  # three days, both ends included


def total(page: str, name: str) -> str:
    match = re.search(rf'<dd id="total-{name}">(.*?)</dd>', page)
    assert match, name
    return html.unescape(match.group(1))


def periods(page: str, chart: str) -> int:
    """Bar groups drawn in one chart's SVG."""
    figure = re.search(rf'<figure[^>]*data-chart="{chart}".*?</figure>', page, re.S)
    assert figure, chart
    return figure.group(0).count('<g class="chart-period">')


def table_row(page: str, section: str, name: str) -> list[str]:
    block = re.search(rf'<section[^>]*id="by-{section}".*?</section>', page, re.S).group(0)
    row = re.search(rf'<tr><th scope="row">{re.escape(name)}</th>(.*?)</tr>', block, re.S)
    assert row, (section, name, block[:3000])
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def sign_in(server, member) -> Dashboard:
    browser = Dashboard(server.url)
    assert browser.sign_in(member.email, member.password).status_code == 303
    return browser


@pytest.fixture
def admin(server, account):
    browser = sign_in(server, account)
    yield browser
    browser.close()


@pytest.fixture
def history(server, account):
    """c1 (assigned to the admin): asked at 10:00 on D1, answered at 11:05 (first response 1 h 5 min), resolved
    a day after it began. c2: asked on D3, not answered. Another account has three conversations on D1."""
    alpha = account.create_api_inbox(name="Alpha desk")["id"]
    made = History(account)
    c1 = made.conversation(alpha, at(D1, "10:00:00"), assignee_id=account.user_id)
    made.incoming(c1, at(D1, "10:00:00"))
    made.reply(c1, at(D1, "11:05:00"))
    made.status(c1, "resolved", at(D2, "10:00:00"))
    c2 = made.conversation(alpha, at(D3, "09:00:00"))
    made.incoming(c2, at(D3, "09:00:00"))

    other = server.bootstrap("Elsewhere")
    elsewhere = History(other)
    secret_inbox = other.create_api_inbox(name="Secret inbox of elsewhere")["id"]
    for clock in ("08:00:00", "09:00:00", "10:00:00"):
        number = elsewhere.conversation(secret_inbox, at(D1, clock), assignee_id=other.user_id)
        elsewhere.incoming(number, at(D1, clock))
        elsewhere.reply(number, at(D1, "12:00:00"))
    return account


def test_durations_read_as_people_say_them():
    assert human_duration(None) == "—"
    assert human_duration(0) == "0 s"
    assert human_duration(45) == "45 s"
    assert human_duration(12 * 60 + 10) == "12 min"
    assert human_duration(3900) == "1 h 5 min"
    assert human_duration(7200) == "2 h"
    assert human_duration(86400) == "1 d"
    assert human_duration(86400 + 3 * 3600) == "1 d 3 h"


def test_administrators_see_a_chosen_range_with_its_totals_charts_and_breakdowns(admin, history):
    r = admin.get("/app/reports", params=CHOSEN)
    assert r.status_code == 200, r.text[:2000]
    page = r.text
    assert "Mar 2, 2026 – Mar 4, 2026 (3 days, UTC), by day" in page
    assert total(page, "conversations") == "2"
    assert total(page, "incoming") == "2"
    assert total(page, "outgoing") == "1"
    assert total(page, "resolutions") == "1"
    assert total(page, "first-response") == "1 h 5 min"
    assert total(page, "resolution") == "1 d"
    for chart in ("conversations", "messages", "first-response", "resolution"):
        assert periods(page, chart) == 3, chart
    # Each chart has a title, a text summary and its numbers as a table.
    assert "2 conversations started, 0.7 a day; busiest Mon Mar 2, 2026 (1)." in page
    assert "3 messages: 2 incoming, 1 outgoing." in page
    assert "Average 1 h 5 min over 1 first response." in page
    assert "<summary>Data table: first response time</summary>" in page
    assert '<tr><th scope="row">Mon Mar 2, 2026</th><td>1 h 5 min</td><td>1</td></tr>' in page
    # By agent: the admin was assigned c1, answered it and resolved it; by inbox: both conversations.
    assert table_row(page, "agent", "Ada Admin") == ["1", "1", "1 h 5 min", "1 d", "1"]
    assert table_row(page, "inbox", "Alpha desk") == ["2", "1", "1 h 5 min", "1 d", "1"]
    assert 'role="img"' in page and "<title" in page

    # The same numbers as the v2 summary API for the same range.
    since, until = unix(at(D1)), unix(at(D4))
    summary = history.client.get(
        f"/api/v2/accounts/{history.account_id}/reports/summary",
        params={"type": "account", "since": since, "until": until},
    ).json()
    assert summary["conversations_count"] == 2
    assert summary["incoming_messages_count"] == 2 and summary["outgoing_messages_count"] == 1
    assert float(summary["avg_first_response_time"]) == 3900


def test_grouping_by_week_and_month_draws_one_bar_per_period(admin, history):
    # 2026-03-02 is a Monday: Mar 2 – Mar 22 is three weeks; Feb 20 – Mar 4 spans two months.
    page = admin.get("/app/reports", params={"since": D1, "until": "2026-03-22", "group_by": "week"}).text
    assert periods(page, "conversations") == 3
    assert "Week of Mar 2, 2026" in page
    page = admin.get("/app/reports", params={"since": "2026-02-20", "until": D3, "group_by": "month"}).text
    assert periods(page, "conversations") == 2
    assert total(page, "conversations") == "2"


def test_another_accounts_data_never_shows(admin, history):
    page = admin.get("/app/reports", params=CHOSEN).text
    assert "Secret inbox of elsewhere" not in page
    assert total(page, "conversations") == "2"
    assert total(page, "outgoing") == "1"
    # Its agents are not listed either (they answered three conversations on D1).
    assert page.count('<tr><th scope="row">Ada Admin</th>') == 1


def test_last_7_and_30_days_count_what_the_api_made_today(admin, account):
    inbox = account.create_api_inbox(name="Today desk")["id"]
    conversation = account.create_conversation(inbox)["id"]
    account.create_message(conversation, "help please", message_type="incoming")
    account.create_message(conversation, "on it", message_type="outgoing")

    page = admin.get("/app/reports").text  # last 7 days by default
    today = datetime.now(UTC).date()
    assert f"{(today - timedelta(days=6)).strftime('%b %-d, %Y')} – {today.strftime('%b %-d, %Y')} (7 days" in page
    assert periods(page, "conversations") == 7
    assert total(page, "conversations") == "1"
    assert total(page, "incoming") == "1"
    assert total(page, "outgoing") == "1"
    assert table_row(page, "inbox", "Today desk")[0] == "1"
    assert 'href="/app/reports?range=30d&amp;group_by=day"' in page

    page = admin.get("/app/reports", params={"range": "30d"}).text
    assert periods(page, "messages") == 30
    assert total(page, "conversations") == "1"


def test_an_empty_range_says_so(admin, history):
    page = admin.get("/app/reports", params={"since": "2025-01-01", "until": "2025-01-07"}).text
    assert "No conversations in this range" in page
    assert "No messages in this range" in page
    assert "No first responses in this range" in page
    assert total(page, "conversations") == "0"
    assert total(page, "first-response") == "—"
    assert '<g class="chart-period">' not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "yesterday", "until": D3}, "The start date must be a date such as 2026-03-02."),
        ({"since": D1, "until": "2026-13-40"}, "The end date must be a date such as 2026-03-02."),
        ({"since": D3, "until": D1}, "The end date must be on or after the start date."),
        ({"range": "custom", "since": D1}, "Choose both a start date and an end date."),
        ({"since": "1900-01-01", "until": D1}, "The start date must be between 2000 and 9998."),
        ({"range": "1y"}, "Range must be last 7 days, last 30 days or chosen dates."),
        ({"group_by": "hour"}, "Group by must be day, week or month."),
        ({"since": "2000-01-01", "until": "2026-01-01"}, "more than 400 days"),
    ],
)
def test_bad_ranges_are_a_clear_400(admin, params, message):
    r = admin.get("/app/reports", params=params)
    assert r.status_code == 400, r.text[:2000]
    assert message in html.unescape(r.text)


def test_agents_are_refused_and_see_no_reports_link(server, account, admin):
    assert 'href="/app/reports"' in admin.get("/app/profile").text

    agent_browser = Dashboard(server.url)
    email = f"reports-agent-{account.account_id}@example.com"
    r = admin.post(
        "/app/settings/agents", {"name": "Rita Agent", "email": email, "role": "agent", "password": "agent password 1"}
    )
    assert r.status_code == 303
    assert agent_browser.sign_in(email, "agent password 1").status_code == 303
    assert 'href="/app/reports"' not in agent_browser.get("/app/profile").text
    r = agent_browser.get("/app/reports", params=CHOSEN)
    assert r.status_code == 403
    assert "Only administrators of this account can open its reports." in r.text
    agent_browser.close()


def test_the_page_holds_no_inline_script_or_style(admin, history):
    r = admin.get("/app/reports", params=CHOSEN)
    assert "unsafe-inline" not in r.headers["content-security-policy"]
    assert re.findall(r"<script[^>]*>", r.text) == ['<script type="module" src="/app/static/dashboard.js">']
    assert "<style" not in r.text and " style=" not in r.text
    assert not re.search(r"<[^>]+\son[a-z]+=", r.text)
    assert '<link rel="stylesheet" href="/app/static/reports.css">' in r.text
    assert admin.get("/app/static/reports.css").status_code == 200


def test_totals_and_charts_of_one_agent_or_inbox(admin, history, server):
    page = admin.get("/app/reports", params={**CHOSEN, "scope": f"agent:{history.user_id}"}).text
    assert "Agent: <strong>Ada Admin</strong>" in page
    # The admin was assigned c1 only and sent its one reply.
    assert total(page, "conversations") == "1"
    assert total(page, "outgoing") == "1"
    assert total(page, "first-response") == "1 h 5 min"
    assert periods(page, "conversations") == 3
    assert 'href="/app/reports?range=7d&amp;group_by=day&amp;scope=agent%3A' in page
    assert f'<option value="agent:{history.user_id}" selected>' in page

    inbox_id = next(i["id"] for i in history.get("/inboxes").json()["payload"] if i["name"] == "Alpha desk")
    page = admin.get("/app/reports", params={**CHOSEN, "scope": f"inbox:{inbox_id}"}).text
    assert "Inbox: <strong>Alpha desk</strong>" in page
    assert total(page, "conversations") == "2"

    elsewhere = server.bootstrap("Elsewhere too")
    foreign = elsewhere.create_api_inbox(name="Not yours")["id"]
    r = admin.get("/app/reports", params={**CHOSEN, "scope": f"inbox:{foreign}"})
    assert r.status_code == 404
    assert "That agent or inbox is not part of this account." in r.text
    assert "Not yours" not in r.text
    r = admin.get("/app/reports", params={"scope": "team:1"})
    assert r.status_code == 400
    assert "Show must be the whole account, an agent or an inbox." in r.text


def test_the_page_costs_the_same_statements_for_a_week_or_a_month_and_few_or_many_members(server, admin, history):
    counter = QueryCounter(server)

    def statements(params: dict) -> int:
        with counter.counting():
            assert admin.get("/app/reports", params=params).status_code == 200
        return counter.count

    week = statements(CHOSEN)
    assert statements({"since": D1, "until": "2026-03-31"}) == week
    members = Members(history)
    for n in range(3):
        members.add(name=f"Extra agent {n}")
        history.create_api_inbox(name=f"Extra inbox {n}")
    assert statements(CHOSEN) == week
    assert week <= 25, counter.statements


def test_names_are_shown_as_text_in_charts_and_tables(admin, account):
    hostile = '<script>alert(1)</script><svg onload="alert(2)">'
    inbox = account.create_api_inbox(name=hostile)["id"]
    account.create_conversation(inbox)
    page = admin.get("/app/reports").text
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
