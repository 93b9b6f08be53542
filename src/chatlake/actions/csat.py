"""Customer satisfaction: the survey message posted when a conversation is resolved, and the contact's rating."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_text
from chatlake.actions.messages import do_create_message
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField, Unprocessable
from chatlake.models import Account, Conversation, CsatSurveyResponse, Inbox, Message, User
from chatlake.models.base import utcnow
from chatlake.models.message import CONTENT_TYPES, MESSAGE_TYPES
from chatlake.models.user import ROLES

SURVEY_CONTENT = "Please rate the conversation"
SYSTEM_NAME = "Chatlake"
# Marks the system's own messages the way an automation's are marked (no rule has id 0).
SYSTEM_RULE_ID = 0
# Chatwoot locks an answer 14 days after the survey was sent.
ANSWER_WINDOW = timedelta(days=14)
MAX_FEEDBACK_LENGTH = 2_000


def check_rating(answer) -> tuple[int, str | None]:
    if not isinstance(answer, dict):
        raise InvalidField("csat_survey_response must be an object", ["submitted_values.csat_survey_response"])
    rating = answer.get("rating")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidField(
            "rating must be a whole number from 1 to 5", ["submitted_values.csat_survey_response.rating"]
        )
    feedback = answer.get("feedback_message")
    if feedback is not None and not isinstance(feedback, str):
        raise InvalidField("feedback_message must be text", ["submitted_values.csat_survey_response.feedback_message"])
    feedback = check_text(feedback, "feedback_message", max_length=MAX_FEEDBACK_LENGTH)
    return rating, (feedback.strip() or None) if feedback else None


async def record_csat_answer(
    session: AsyncSession, actor, conversation: Conversation, message: Message, submitted: dict
) -> dict:
    """Stores (or changes, within the window) the contact's rating of this survey; answers what was stored."""
    if message.message_type != MESSAGE_TYPES["template"] or message.content_type != CONTENT_TYPES["input_csat"]:
        raise Unprocessable("This message is not a satisfaction survey")
    if message.created_at < utcnow() - ANSWER_WINDOW:
        raise Unprocessable("You cannot update the CSAT survey after 14 days")
    rating, feedback = check_rating(submitted.get("csat_survey_response"))
    response = await session.scalar(
        select(CsatSurveyResponse).where(
            CsatSurveyResponse.account_id == conversation.account_id, CsatSurveyResponse.message_id == message.id
        )
    )
    if response is None:
        response = CsatSurveyResponse(
            account_id=conversation.account_id,
            conversation_id=conversation.id,
            message_id=message.id,
            contact_id=conversation.contact_id,
        )
        session.add(response)
    response.rating = rating
    response.feedback_message = feedback
    response.assigned_agent_id = conversation.assignee_id
    response.updated_at = utcnow()
    await session.flush()
    return {"rating": rating, "feedback_message": feedback}


def _system_actor(account: Account) -> Actor:
    """The survey is the system's message, from no one: attributed as automation messages are (no user)."""
    system = User(name=SYSTEM_NAME, email="system@chatlake.invalid", display_name=SYSTEM_NAME)
    return Actor(user=system, account=account, role=ROLES["administrator"], automation_rule_id=SYSTEM_RULE_ID)


async def send_csat_survey(session: AsyncSession, account: Account, inbox: Inbox, conversation: Conversation) -> None:
    """On resolve, when the inbox asks for ratings: one survey per conversation (as Chatwoot)."""
    if not inbox.csat_survey_enabled:
        return
    sent = await session.scalar(
        select(Message.id)
        .where(
            Message.account_id == conversation.account_id,
            Message.conversation_id == conversation.id,
            Message.content_type == CONTENT_TYPES["input_csat"],
        )
        .limit(1)
    )
    if sent is not None:
        return
    await do_create_message(
        session,
        _system_actor(account),
        conversation,
        content=SURVEY_CONTENT,
        message_type="template",
        content_type="input_csat",
    )
