"""Notes agents keep about a contact."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_text
from chatlake.auth.actor import Actor
from chatlake.models import Contact, ContactNote

MAX_NOTE_LENGTH = 65_535


def check_note_content(value) -> str:
    return str(check_text(value, "content", max_length=MAX_NOTE_LENGTH, required=True))


async def do_create_note(session: AsyncSession, actor: Actor, contact: Contact, content) -> ContactNote:
    note = ContactNote(
        account_id=actor.account_id,
        contact_id=contact.id,
        user_id=actor.user.id,
        content=check_note_content(content),
    )
    session.add(note)
    await session.flush()
    return note


async def do_update_note(session: AsyncSession, note: ContactNote, content) -> ContactNote:
    content = check_note_content(content)
    if content != note.content:
        note.content = content
        await session.flush()
    return note


async def do_delete_note(session: AsyncSession, note: ContactNote) -> None:
    await session.delete(note)
    await session.flush()
