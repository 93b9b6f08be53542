"""Notes on a contact (routes Chatwoot has beyond its spec): every member of the account may keep them."""

from __future__ import annotations

from fastapi import APIRouter, Response

from chatlake.actions.contact_notes import do_create_note, do_delete_note, do_update_note
from chatlake.api.admin_schemas import Wrapped
from chatlake.api.deps import CurrentActor, Session
from chatlake.presenters.contact_notes import note_json
from chatlake.queries.access import access_contact
from chatlake.queries.contact_notes import access_note, list_notes

router = APIRouter(prefix="/api/v1/accounts/{account_id}/contacts/{contact_id}/notes", tags=["Contact Notes"])


class NoteIn(Wrapped):
    wrapper = "note"
    content: str | None = None


@router.get("")
async def index(contact_id: int, session: Session, actor: CurrentActor) -> list[dict]:
    contact = await access_contact(session, actor, contact_id)
    return [note_json(*row) for row in await list_notes(session, contact)]


@router.post("")
async def create(contact_id: int, body: NoteIn, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    note = await do_create_note(session, actor, contact, body.content)
    return note_json(*await access_note(session, contact, note.id))


@router.get("/{note_id}")
async def show(contact_id: int, note_id: int, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    return note_json(*await access_note(session, contact, note_id))


@router.patch("/{note_id}")
@router.put("/{note_id}")
async def update(contact_id: int, note_id: int, body: NoteIn, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    note, user, membership = await access_note(session, contact, note_id)
    await do_update_note(session, note, body.content)
    return note_json(note, user, membership)


@router.delete("/{note_id}")
async def destroy(contact_id: int, note_id: int, session: Session, actor: CurrentActor) -> Response:
    contact = await access_contact(session, actor, contact_id)
    note, _user, _membership = await access_note(session, contact, note_id)
    await do_delete_note(session, note)
    return Response(status_code=200)
