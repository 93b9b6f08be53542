"""Settings > Inboxes: the working-hours form sets Chatwoot's fields and the assignment capacity; bad input is
refused with a notice and changes nothing."""

from __future__ import annotations

import pytest

from tests.dashboard_support import Dashboard, notices


@pytest.fixture
def admin(server, account):
    browser = Dashboard(server.url)
    assert browser.sign_in(account.email, account.password).status_code == 303
    yield browser
    browser.close()


def week_form(**overrides) -> dict:
    form = {"working_hours_enabled": "1", "timezone": "Asia/Kolkata", "out_of_office_message": "Back at 9"}
    for day in range(7):
        form[f"day_{day}_mode"] = "closed" if day in (0, 6) else "hours"
        form[f"day_{day}_open"], form[f"day_{day}_close"] = "09:30", "18:00"
    form["day_6_mode"] = "all_day"
    form["max_assignment_limit"] = "4"
    return {**form, **overrides}


def test_the_working_hours_form_saves_chatwoots_fields(admin, account):
    inbox = account.create_api_inbox()["id"]
    page = admin.get(f"/app/settings/inboxes/{inbox}").text
    assert f'action="/app/settings/inboxes/{inbox}/hours"' in page and 'id="day-1-mode"' in page

    page = admin.submit(f"/app/settings/inboxes/{inbox}/hours", week_form())
    assert "Working hours saved." in notices(page)
    saved = account.get(f"/inboxes/{inbox}").json()
    assert saved["working_hours_enabled"] is True and saved["timezone"] == "Asia/Kolkata"
    assert saved["out_of_office_message"] == "Back at 9"
    assert saved["auto_assignment_config"] == {"max_assignment_limit": 4}
    monday, saturday, sunday = saved["working_hours"][1], saved["working_hours"][6], saved["working_hours"][0]
    assert (monday["open_hour"], monday["open_minutes"], monday["close_hour"], monday["close_minutes"]) == (
        9,
        30,
        18,
        0,
    )
    assert saturday["open_all_day"] is True and sunday["closed_all_day"] is True
    # The page shows what was saved.
    page = admin.get(f"/app/settings/inboxes/{inbox}").text
    assert 'id="day-1-open" type="time" name="day_1_open" value="09:30"' in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"timezone": "Nowhere/Land"}, "Unknown time zone Nowhere/Land"),
        ({"day_2_open": "19:00"}, "working_hours: closing time must be after opening time"),
        ({"day_3_open": "soon"}, "day 3 open must be a time such as 09:00"),
        ({"max_assignment_limit": "many"}, "Maximum open conversations must be a whole number"),
    ],
)
def test_bad_working_hours_are_refused_and_change_nothing(admin, account, overrides, message):
    inbox = account.create_api_inbox()["id"]
    before = account.get(f"/inboxes/{inbox}").json()
    r = admin.post(f"/app/settings/inboxes/{inbox}/hours", week_form(**overrides))
    assert r.status_code == 303
    page = admin.get(r.headers["location"])
    assert message in notices(page), notices(page)
    assert account.get(f"/inboxes/{inbox}").json() == before
