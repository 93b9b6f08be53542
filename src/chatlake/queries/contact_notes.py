"""Reads of contact notes, with their authors, in one statement whatever the number of notes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.errors import NotFound
from chatlake.models import AccountUser, Contact, ContactNote, User

NoteRow = tuple[ContactNote, User | None, AccountUser | None]


def _notes_with_authors(contact: Contact):
    return (
        select(ContactNote, User, AccountUser)
        .outerjoin(User, User.id == ContactNote.user_id)
        .outerjoin(
            AccountUser,
            (AccountUser.account_id == ContactNote.account_id) & (AccountUser.user_id == ContactNote.user_id),
        )
        .where(ContactNote.account_id == contact.account_id, ContactNote.contact_id == contact.id)
    )


async def list_notes(session: AsyncSession, contact: Contact) -> list[NoteRow]:
    """Newest first, as Chatwoot lists them."""
    rows = await session.execute(
        _notes_with_authors(contact).order_by(ContactNote.created_at.desc(), ContactNote.id.desc())
    )
    return [(note, user, membership) for note, user, membership in rows]


async def access_note(session: AsyncSession, contact: Contact, note_id: int) -> NoteRow:
    """A note of this contact (already resolved inside the caller's account) with its author, or 404."""
    row = (await session.execute(_notes_with_authors(contact).where(ContactNote.id == note_id))).first()
    if row is None:
        raise NotFound()
    return row[0], row[1], row[2]
