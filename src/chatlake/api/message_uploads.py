"""Storing the files uploaded with a message, shared by the API's message create and the dashboard's reply.

The bytes are written before the action runs (the action needs their storage keys), so each written
file is registered with the session: the request edge removes it again if the transaction does not commit.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from chatlake.actions.attachments import FILES_TO_REMOVE, FILES_WRITTEN
from chatlake.api.message_form import safe_content_type, safe_file_name
from chatlake.attachment_store import AttachmentStore, StoredFile


async def store_uploads(
    session: AsyncSession, store: AttachmentStore, account_id: int, uploads: list[UploadFile]
) -> list[StoredFile]:
    """Writes each upload under the account and closes them all, whatever happens."""
    files = []
    try:
        for upload in uploads:
            stored = await store.save(
                account_id, upload.file, file_name=safe_file_name(upload), content_type=safe_content_type(upload)
            )
            session.info.setdefault(FILES_WRITTEN, []).append(stored.storage_key)
            files.append(stored)
    finally:
        await close_uploads(uploads)
    return files


async def close_uploads(uploads: list[UploadFile]) -> None:
    for upload in uploads:
        await upload.close()


def drop_resent_files(session: AsyncSession, files: list[StoredFile]) -> None:
    """A retry of a stored message (same echo_id or source_id): the files sent again are not kept."""
    if files:
        session.info.setdefault(FILES_TO_REMOVE, []).extend(f.storage_key for f in files)


async def discard_uncommitted_files(session: AsyncSession, store: AttachmentStore) -> None:
    """At the request edge, when the transaction did not commit."""
    if session.info.get(FILES_WRITTEN):
        await store.remove(session.info[FILES_WRITTEN])


async def remove_files_after_commit(session: AsyncSession, store: AttachmentStore) -> None:
    """At the request edge, once the transaction committed: the files of deleted attachment rows."""
    if session.info.get(FILES_TO_REMOVE):
        await store.remove(session.info[FILES_TO_REMOVE])
