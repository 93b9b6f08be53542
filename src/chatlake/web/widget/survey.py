"""The hosted satisfaction survey: `/survey/responses/{conversation_uuid}`, the link a contact gets to rate a
resolved conversation outside the widget. The conversation's uuid is the link's only secret; the page shows
nothing of the conversation but the inbox's name and the contact's own rating."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from chatlake.actions.contact_conversations import do_submit_values
from chatlake.actions.csat import ANSWER_WINDOW
from chatlake.api.deps import Session
from chatlake.errors import ChatlakeError, NotFound
from chatlake.models.base import utcnow
from chatlake.queries.public_access import find_survey

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
CHOICES = [
    (1, "😞", "Very unsatisfied"),
    (2, "😕", "Unsatisfied"),
    (3, "😐", "Neutral"),
    (4, "🙂", "Satisfied"),
    (5, "😀", "Very satisfied"),
]
POLICY = "default-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
NOT_FOUND = "<!doctype html><title>Not found</title><p>This survey does not exist.</p>"

router = APIRouter(include_in_schema=False)


def _shown(survey) -> tuple[dict | None, bool]:
    """The contact's current answer, and whether the survey is past its window."""
    answer = (survey.content_attributes or {}).get("submitted_values", {}).get("csat_survey_response")
    return answer, survey.created_at < utcnow() - ANSWER_WINDOW


def _page(inbox_name: str, shown: tuple[dict | None, bool], *, error: str | None = None, status: int = 200):
    answer, locked = shown
    html = _templates.get_template("survey.html").render(
        inbox_name=inbox_name, answer=answer, locked=locked, error=error, choices=CHOICES
    )
    return HTMLResponse(
        html,
        status_code=status,
        headers={"Content-Security-Policy": POLICY, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


@router.get("/survey/responses/{conversation_uuid}")
async def survey_page(conversation_uuid: str, session: Session) -> Response:
    try:
        actor, _conversation, survey = await find_survey(session, conversation_uuid)
    except NotFound:
        return HTMLResponse(NOT_FOUND, status_code=404)
    return _page(actor.inbox.name, _shown(survey))


@router.post("/survey/responses/{conversation_uuid}")
async def survey_answer(conversation_uuid: str, request: Request, session: Session) -> Response:
    try:
        actor, conversation, survey = await find_survey(session, conversation_uuid)
    except NotFound:
        return HTMLResponse(NOT_FOUND, status_code=404)
    form = await request.form()
    raw = form.get("rating")
    rating = int(raw) if isinstance(raw, str) and raw.isdigit() else None
    feedback = form.get("feedback_message")
    # Form posts bypass the API's NUL guard; PostgreSQL text cannot hold U+0000.
    feedback = feedback.replace("\x00", "") if isinstance(feedback, str) else None
    answer = {"rating": rating, "feedback_message": feedback}
    # Read before the action: a refusal rolls the transaction back and expires what was loaded.
    inbox_name, shown = actor.inbox.name, _shown(survey)
    try:
        survey = await do_submit_values(session, actor, conversation, survey, {"csat_survey_response": answer})
    except ChatlakeError as exc:
        # Nothing was stored: the page says why, and the request's transaction is rolled back.
        raise SurveyRefused(inbox_name, shown, exc.message) from None
    return _page(inbox_name, _shown(survey))


class SurveyRefused(Exception):
    def __init__(self, inbox_name: str, shown: tuple[dict | None, bool], message: str) -> None:
        super().__init__(message)
        self.inbox_name, self.shown, self.message = inbox_name, shown, message


async def render_refusal(_request: Request, exc: Exception) -> Response:
    if not isinstance(exc, SurveyRefused):
        raise exc
    return _page(exc.inbox_name, exc.shown, error=exc.message, status=422)
