"""Settings > Inboxes > one inbox: working hours, out-of-office message, time zone and assignment capacity."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from chatlake.actions.inboxes import do_update_inbox
from chatlake.errors import InvalidField
from chatlake.web.deps import AdministratorActor, DbSession
from chatlake.web.forms import refused_back_to, require_csrf, see_other
from chatlake.web.notices import notice
from chatlake.web.pages import form_values
from chatlake.web.pages.settings_inboxes import _inbox

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])


def _clock(form: FormData, name: str) -> tuple[int, int]:
    """An `<input type="time">` value, HH:MM."""
    value = form_values.text(form, name) or ""
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        raise InvalidField(f"{name.replace('_', ' ')} must be a time such as 09:00", ["working_hours"])
    return int(hours), int(minutes)


def _day(form: FormData, day: int) -> dict:
    mode = form_values.text(form, f"day_{day}_mode") or "closed"
    if mode == "closed":
        return {"day_of_week": day, "closed_all_day": True, "open_all_day": False}
    if mode == "all_day":
        return {"day_of_week": day, "closed_all_day": False, "open_all_day": True}
    open_hour, open_minutes = _clock(form, f"day_{day}_open")
    close_hour, close_minutes = _clock(form, f"day_{day}_close")
    return {
        "day_of_week": day,
        "closed_all_day": False,
        "open_all_day": False,
        "open_hour": open_hour,
        "open_minutes": open_minutes,
        "close_hour": close_hour,
        "close_minutes": close_minutes,
    }


@router.post("/app/settings/inboxes/{inbox_id:int}/hours")
async def inbox_hours(request: Request, inbox_id: int, session: DbSession, actor: AdministratorActor) -> Response:
    inbox, channel = await _inbox(session, actor, inbox_id)
    form = await request.form()
    back = f"/app/settings/inboxes/{inbox.id}"
    with refused_back_to(back + "#hours", form):
        limit = (form_values.text(form, "max_assignment_limit") or "").strip()
        if limit and not limit.isdigit():
            raise InvalidField("Maximum open conversations must be a whole number", ["auto_assignment_config"])
        fields = {
            "working_hours_enabled": form_values.checked(form, "working_hours_enabled"),
            "timezone": (form_values.text(form, "timezone") or "UTC").strip(),
            "out_of_office_message": form_values.text(form, "out_of_office_message"),
            "working_hours": [_day(form, day) for day in range(7)],
            "auto_assignment_config": {"max_assignment_limit": int(limit)} if limit else {},
        }
        await do_update_inbox(session, actor, inbox, channel, fields)
    notice(request, "Working hours saved.")
    return see_other(back + "#hours")
