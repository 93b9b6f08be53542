"""The Reports page in Chromium: server-drawn SVG charts with one bar group per day of the range, switching
the range and the grouping redraws them, and nothing breaks the strict CSP."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from playwright.sync_api import Page, expect

from tests.api.reports_support import History
from tests.ui.conftest import SCREENSHOTS
from tests.ui.dashboard import expect_readable_at_viewport, sign_in


def build_a_fortnight(account) -> None:
    """Conversations on most of the last 14 days (UTC): a few a day, half answered, some resolved."""
    desks = [account.create_api_inbox(name=name)["id"] for name in ("Website", "Mobile app")]
    made = History(account)
    today = datetime.combine(datetime.now(UTC).date(), time(), UTC)
    for days_ago in range(14):
        day = today - timedelta(days=days_ago)
        for number in range((days_ago * 7) % 4 + (days_ago < 7)):
            began = day + timedelta(hours=8 + number, minutes=days_ago * 3)
            conversation = made.conversation(desks[number % 2], began, assignee_id=account.user_id)
            made.incoming(conversation, began)
            if number % 2 == 0:
                made.reply(conversation, began + timedelta(minutes=20 + 9 * days_ago + 15 * number))
            if number == 0 and days_ago:
                made.status(conversation, "resolved", began + timedelta(hours=2 + days_ago))


def bar_groups(page: Page, chart: str):
    return page.locator(f'figure[data-chart="{chart}"] svg g.chart-period')


def test_reports_draw_one_bar_per_day_and_follow_the_range(page: Page, account, screenshot):
    build_a_fortnight(account)
    sign_in(page, account.email, account.password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()

    # Last 7 days by default: every chart has 7 bar groups, a title and a text summary.
    for chart in ("conversations", "messages", "first-response", "resolution"):
        expect(bar_groups(page, chart)).to_have_count(7)
    # The chart's accessible name is its title and its summary.
    expect(page.get_by_role("img", name=re.compile(r"^Conversations \d+ conversations started"))).to_be_visible()
    expect(page.get_by_role("link", name="Last 7 days")).to_have_attribute("aria-current", "page")
    assert page.locator('figure[data-chart="messages"] rect').count() == 14  # incoming and outgoing

    expect(page.get_by_role("table", name="By agent")).to_contain_text("Ada Admin")
    expect(page.get_by_role("img", name="Conversations by inbox")).to_be_visible()
    expect_readable_at_viewport(page)
    page.screenshot(path=str(SCREENSHOTS / "reports.png"), full_page=True)
    screenshot(page, "reports")
    page.set_viewport_size({"width": 390, "height": 844})
    expect_readable_at_viewport(page)
    screenshot(page, "reports-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The numbers as a table for screen readers, one row per day.
    page.get_by_text("Data table: conversations").click()
    expect(page.get_by_role("table", name="Conversations by period").locator("tbody tr")).to_have_count(7)

    page.get_by_role("link", name="Last 30 days").click()
    expect(page.get_by_role("link", name="Last 30 days")).to_have_attribute("aria-current", "page")
    expect(bar_groups(page, "conversations")).to_have_count(30)
    expect(bar_groups(page, "resolution")).to_have_count(30)

    # A chosen range of 10 days, then the same range by week.
    last = datetime.now(UTC).date() - timedelta(days=2)
    first = last - timedelta(days=9)
    page.get_by_label("From", exact=True).fill(first.isoformat())
    page.get_by_label("To", exact=True).fill(last.isoformat())
    page.get_by_role("button", name="Show range").click()
    expect(page.locator("#report-range")).to_contain_text("(10 days, UTC)")
    expect(bar_groups(page, "conversations")).to_have_count(10)
    page.get_by_role("navigation", name="Group by").get_by_role("link", name="Week").click()
    expect(page.locator("#report-range")).to_contain_text("by week")
    weeks = len({(first + timedelta(days=n)).isocalendar()[:2] for n in range(10)})
    expect(bar_groups(page, "conversations")).to_have_count(weeks)

    # One inbox's report keeps the range and the grouping.
    page.get_by_label("Show", exact=True).select_option(label="Website")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator("#report-scope")).to_contain_text("Inbox: Website")
    expect(page.locator("#report-range")).to_contain_text("(10 days, UTC), by week")
    expect(bar_groups(page, "conversations")).to_have_count(weeks)
    screenshot(page, "reports-inbox")
