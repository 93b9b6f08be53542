"""Conversation participants: agents following a conversation (Chatwoot's ConversationParticipantsController).

Every id is checked before anything is written: an id outside the account is a 404, an agent who cannot work
in the conversation's inbox is a 422 ("must have inbox access"), and either refuses the whole request.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.assignments import check_id
from chatlake.auth.actor import AnyActor
from chatlake.errors import InvalidField, NotFound
from chatlake.models import AccountUser, Conversation, ConversationParticipant, InboxMember
from chatlake.models.user import ROLES
from chatlake.queries.participants import participant_ids

MAX_PARTICIPANTS = 500


def check_user_ids(value) -> list[int]:
    if not isinstance(value, list):
        raise InvalidField("user_ids must be a list of agent ids", ["user_ids"])
    if len(value) > MAX_PARTICIPANTS:
        raise InvalidField(f"At most {MAX_PARTICIPANTS} user_ids are allowed", ["user_ids"])
    ids: list[int] = []
    for item in value:
        user_id = check_id(item, "user_ids")
        if user_id is None:
            raise InvalidField("user_ids must be a list of agent ids", ["user_ids"])
        if user_id not in ids:
            ids.append(user_id)
    return ids


async def check_can_participate(session: AsyncSession, conversation: Conversation, user_ids: list[int]) -> None:
    """Each user is a member of the account (else 404) who may work in the conversation's inbox (else 422)."""
    if not user_ids:
        return
    member = (
        (InboxMember.account_id == AccountUser.account_id)
        & (InboxMember.user_id == AccountUser.user_id)
        & (InboxMember.inbox_id == conversation.inbox_id)
    )
    rows = await session.execute(
        select(AccountUser.user_id, AccountUser.role, InboxMember.id)
        .outerjoin(InboxMember, member)
        .where(AccountUser.account_id == conversation.account_id, AccountUser.user_id.in_(user_ids))
    )
    found = {user_id: role == ROLES["administrator"] or membership is not None for user_id, role, membership in rows}
    if len(found) != len(user_ids):
        raise NotFound()
    if not all(found.values()):
        raise InvalidField("User must have inbox access", ["user_ids"])


async def _add(session: AsyncSession, conversation: Conversation, user_ids: list[int], present: list[int]) -> None:
    for user_id in user_ids:
        if user_id not in present:
            session.add(
                ConversationParticipant(
                    account_id=conversation.account_id, conversation_id=conversation.id, user_id=user_id
                )
            )
    await session.flush()


async def _remove(session: AsyncSession, conversation: Conversation, user_ids: list[int]) -> None:
    if user_ids:
        await session.execute(
            delete(ConversationParticipant).where(
                ConversationParticipant.account_id == conversation.account_id,
                ConversationParticipant.conversation_id == conversation.id,
                ConversationParticipant.user_id.in_(user_ids),
            )
        )


async def do_add_participants(session: AsyncSession, actor: AnyActor, conversation: Conversation, value) -> list[int]:
    """Returns the ids that were not participants yet (Chatwoot answers with those)."""
    user_ids = check_user_ids(value)
    await check_can_participate(session, conversation, user_ids)
    present = await participant_ids(session, conversation)
    await _add(session, conversation, user_ids, present)
    return [user_id for user_id in user_ids if user_id not in present]


async def do_set_participants(session: AsyncSession, actor: AnyActor, conversation: Conversation, value) -> None:
    """The participants become exactly `value`: missing ones are added, others removed."""
    user_ids = check_user_ids(value)
    await check_can_participate(session, conversation, user_ids)
    present = await participant_ids(session, conversation)
    await _remove(session, conversation, [user_id for user_id in present if user_id not in user_ids])
    await _add(session, conversation, user_ids, present)


async def do_remove_participants(session: AsyncSession, actor: AnyActor, conversation: Conversation, value) -> None:
    await _remove(session, conversation, check_user_ids(value))


async def add_participant_quietly(session: AsyncSession, conversation: Conversation, user_id: int) -> None:
    """For the system's own reasons (an assignment): adds the user if not a participant yet."""
    present = await participant_ids(session, conversation)
    await _add(session, conversation, [user_id], present)
