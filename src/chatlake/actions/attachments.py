"""Attachment rows of messages. The bytes are written before the transaction (see attachment_store) and
removed only after it commits, so a rolled-back request never loses a file a stored row still names."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.attachment_store import StoredFile
from chatlake.models import Attachment, Message
from chatlake.models.attachment import FILE_TYPES

# Read by the request edge: storage keys whose files go after commit, and files written during the
# request that go if it does not commit.
FILES_TO_REMOVE = "chatlake.files_to_remove"
FILES_WRITTEN = "chatlake.files_written"


def file_type_for(content_type: str) -> int:
    major = content_type.split("/", 1)[0].lower()
    return FILE_TYPES.get(major, FILE_TYPES["file"]) if major in ("image", "audio", "video") else FILE_TYPES["file"]


def add_attachments(session: AsyncSession, message: Message, files: list[StoredFile]) -> list[Attachment]:
    rows = [
        Attachment(
            account_id=message.account_id,
            message_id=message.id,
            file_type=file_type_for(f.content_type),
            file_name=f.file_name,
            extension=f.extension,
            content_type=f.content_type,
            file_size=f.size,
            storage_key=f.storage_key,
        )
        for f in files
    ]
    session.add_all(rows)
    return rows


async def do_remove_attachments(session: AsyncSession, message: Message) -> None:
    keys = list(
        await session.scalars(
            select(Attachment.storage_key).where(
                Attachment.account_id == message.account_id, Attachment.message_id == message.id
            )
        )
    )
    if not keys:
        return
    await session.execute(
        delete(Attachment).where(Attachment.account_id == message.account_id, Attachment.message_id == message.id)
    )
    session.info.setdefault(FILES_TO_REMOVE, []).extend(keys)


async def do_remove_conversation_attachments(session: AsyncSession, account_id: int, conversation_ids) -> None:
    """Before deleting conversations' messages in bulk: their attachment rows now, their files after commit."""
    message_ids = select(Message.id).where(
        Message.account_id == account_id, Message.conversation_id.in_(conversation_ids)
    )
    where = (Attachment.account_id == account_id, Attachment.message_id.in_(message_ids))
    keys = list(await session.scalars(select(Attachment.storage_key).where(*where)))
    if keys:
        await session.execute(delete(Attachment).where(*where).execution_options(synchronize_session=False))
        session.info.setdefault(FILES_TO_REMOVE, []).extend(keys)
