"""Reading the website inbox's settings form (Settings › Inboxes) into the fields the inbox actions take."""

from __future__ import annotations

import re

from starlette.datastructures import FormData

from chatlake.errors import InvalidField
from chatlake.web.pages import form_values

DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
REPLY_TIME_CHOICES = (
    ("in_a_few_minutes", "In a few minutes"),
    ("in_a_few_hours", "In a few hours"),
    ("in_a_day", "In a day"),
)


def _time(form: FormData, name: str, day: str) -> tuple[int, int]:
    value = form_values.text(form, name) or ""
    match = TIME_RE.match(value)
    if not match:
        raise InvalidField(f"{day}: opening and closing times are needed (HH:MM)", ["working_hours"])
    return int(match[1]), int(match[2])


def working_hours(form: FormData) -> list[dict]:
    rows = []
    for day, label in enumerate(DAYS):
        mode = form_values.text(form, f"day_{day}_mode") or "closed"
        if mode == "closed":
            rows.append({"day_of_week": day, "closed_all_day": True})
        elif mode == "all_day":
            rows.append({"day_of_week": day, "open_all_day": True})
        else:
            open_hour, open_minutes = _time(form, f"day_{day}_open", label)
            close_hour, close_minutes = _time(form, f"day_{day}_close", label)
            rows.append(
                {
                    "day_of_week": day,
                    "open_hour": open_hour,
                    "open_minutes": open_minutes,
                    "close_hour": close_hour,
                    "close_minutes": close_minutes,
                }
            )
    return rows


def widget_update_fields(form: FormData) -> dict:
    """The inbox-level fields and the `channel` fields of a website inbox's settings form."""
    fields: dict = form_values.sent(form, "name", "greeting_message", "out_of_office_message")
    for flag in (
        "enable_auto_assignment",
        "greeting_enabled",
        "lock_to_single_conversation",
        "csat_survey_enabled",
        "working_hours_enabled",
    ):
        fields[flag] = form_values.checked(form, flag)
    fields["working_hours"] = working_hours(form)
    pre_chat_fields = [
        {
            "name": name,
            "label": label,
            "enabled": form_values.checked(form, f"pre_chat_{name}_enabled"),
            "required": form_values.checked(form, f"pre_chat_{name}_required"),
        }
        for name, label in (("emailAddress", "Email Id"), ("fullName", "Full name"))
    ]
    fields["channel"] = {
        **form_values.sent(form, "website_url", "widget_color", "welcome_title", "welcome_tagline", "reply_time"),
        "hmac_mandatory": form_values.checked(form, "hmac_mandatory"),
        "pre_chat_form_enabled": form_values.checked(form, "pre_chat_form_enabled"),
        "pre_chat_form_options": {
            "pre_chat_message": form_values.text(form, "pre_chat_message") or "",
            "pre_chat_fields": pre_chat_fields,
        },
    }
    return fields


def day_rows(working: list[dict]) -> list[dict]:
    """Seven rows for the form, from the stored days (a day not stored is closed)."""
    stored = {row["day_of_week"]: row for row in working or []}
    rows = []
    for day, label in enumerate(DAYS):
        row = stored.get(day, {"closed_all_day": True})
        mode = "closed" if row.get("closed_all_day") else "all_day" if row.get("open_all_day") else "hours"
        rows.append(
            {
                "day": day,
                "label": label,
                "mode": mode,
                "open": f"{row.get('open_hour') or 9:02d}:{row.get('open_minutes') or 0:02d}",
                "close": f"{row.get('close_hour') or 17:02d}:{row.get('close_minutes') or 0:02d}",
            }
        )
    return rows
