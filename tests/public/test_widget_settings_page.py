"""Settings › Inboxes for website inboxes: create one, see its embed snippet and tokens, change its look,
pre-chat form and business hours; refused input keeps the settings as they were."""

from __future__ import annotations

import html
import re

import pytest

from tests.dashboard_support import Dashboard, notices


@pytest.fixture
def admin(server, account):
    browser = Dashboard(server.url)
    assert browser.sign_in(account.email, account.password).status_code == 303
    yield browser
    browser.close()


def _create(admin) -> int:
    r = admin.post(
        "/app/settings/inboxes",
        {
            "channel_type": "web_widget",
            "name": "Shop chat",
            "website_url": "https://shop.example.com",
            "widget_color": "#aa3300",
            "welcome_title": "Hello shoppers",
        },
    )
    assert r.status_code == 303, r.text[:2000]
    return int(re.fullmatch(r"/app/settings/inboxes/(\d+)", r.headers["location"]).group(1))


def _form(**overrides) -> dict:
    form = {
        "name": "Shop chat",
        "website_url": "https://shop.example.com",
        "widget_color": "#112233",
        "welcome_title": "Welcome",
        "welcome_tagline": "Ask us anything",
        "reply_time": "in_a_day",
        "pre_chat_form_enabled": "1",
        "pre_chat_message": "Tell us who you are",
        "pre_chat_emailAddress_enabled": "1",
        "pre_chat_emailAddress_required": "1",
        "pre_chat_fullName_enabled": "1",
        "working_hours_enabled": "1",
        "out_of_office_message": "Back tomorrow",
        "csat_survey_enabled": "1",
        "greeting_message": "",
    }
    for day in range(7):
        form[f"day_{day}_mode"] = "closed"
    form.update({"day_1_mode": "hours", "day_1_open": "08:30", "day_1_close": "16:00", "day_2_mode": "all_day"})
    form.update(overrides)
    return form


def test_create_a_website_inbox_and_see_its_snippet(admin, account, server):
    inbox_id = _create(admin)
    page = admin.get(f"/app/settings/inboxes/{inbox_id}").text
    api = account.get(f"/inboxes/{inbox_id}").json()
    assert api["channel_type"] == "Channel::WebWidget" and api["widget_color"] == "#aa3300"
    text = html.unescape(page)
    assert f"websiteToken: '{api['website_token']}'" in text
    assert f'var BASE_URL="{server.url}";' in text and "/packs/js/sdk.js" in text
    assert api["hmac_token"] in page
    listing = admin.get("/app/settings/inboxes").text
    assert "Website" in listing and "Shop chat" in listing


def test_change_the_widget_settings(admin, account):
    inbox_id = _create(admin)
    page = admin.submit(f"/app/settings/inboxes/{inbox_id}", _form())
    assert "Inbox saved." in notices(page)
    api = account.get(f"/inboxes/{inbox_id}").json()
    assert api["widget_color"] == "#112233" and api["reply_time"] == "in_a_day"
    assert api["welcome_tagline"] == "Ask us anything" and api["csat_survey_enabled"] is True
    assert api["pre_chat_form_enabled"] is True
    fields = {f["name"]: f for f in api["pre_chat_form_options"]["pre_chat_fields"]}
    assert fields["emailAddress"]["required"] is True and fields["fullName"]["required"] is False
    assert api["working_hours_enabled"] is True and api["out_of_office_message"] == "Back tomorrow"
    monday = api["working_hours"][1]
    assert (monday["open_hour"], monday["open_minutes"], monday["close_hour"]) == (8, 30, 16)
    assert api["working_hours"][2]["open_all_day"] is True and api["working_hours"][0]["closed_all_day"] is True
    # The page shows what was saved.
    page = admin.get(f"/app/settings/inboxes/{inbox_id}").text
    assert 'value="08:30"' in page and 'value="#112233"' in page


def test_refused_widget_settings_change_nothing(admin, account):
    inbox_id = _create(admin)
    week_before = account.get(f"/inboxes/{inbox_id}").json()["working_hours"]
    page = admin.submit(f"/app/settings/inboxes/{inbox_id}", _form(day_1_open="17:00", day_1_close="09:00"))
    assert any("closing time must be after opening time" in n for n in notices(page)), notices(page)
    page = admin.submit(f"/app/settings/inboxes/{inbox_id}", _form(widget_color="not-a-color"))
    assert any("hex color" in n for n in notices(page))
    api = account.get(f"/inboxes/{inbox_id}").json()
    assert api["widget_color"] == "#aa3300" and api["working_hours"] == week_before
