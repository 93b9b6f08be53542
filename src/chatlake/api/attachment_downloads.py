"""Serving attachment files at their signed URLs, so that nothing uploaded can run in Chatlake's origin.

Every file goes out as a download (`Content-Disposition: attachment`), is never content-sniffed, and
carries `Content-Security-Policy: sandbox`: an uploaded HTML page or SVG opened directly gets a unique,
script-less origin instead of Chatlake's, so it cannot read cookies or call the API. Types a browser may
show inline in an `<img>`/`<audio>`/`<video>` tag keep their type; everything else is served as bytes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import FileResponse

from chatlake.api.deps import Session, get_runtime
from chatlake.attachment_urls import is_valid
from chatlake.errors import NotFound
from chatlake.models import Attachment

router = APIRouter(tags=["Attachments"])

MEDIA_PREFIXES = ("image/", "audio/", "video/")
PLAIN_TYPES = ("application/pdf", "text/plain")
MAX_ID = 2**31 - 1
PROTECTIVE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, max-age=3600",
}


def served_type(content_type: str) -> str:
    if content_type.startswith(MEDIA_PREFIXES) or content_type in PLAIN_TYPES:
        return content_type
    return "application/octet-stream"


# A signed file address (an attachment's `data_url`), not an operation of the HTTP API: kept out of the OpenAPI
# document, as the dashboard's pages are.
@router.get("/attachments/{account_id}/{attachment_id}/{signature}/{file_name}", include_in_schema=False)
async def download(
    account_id: int, attachment_id: int, signature: str, file_name: str, request: Request, session: Session
) -> FileResponse:
    if not (0 < account_id <= MAX_ID and 0 < attachment_id <= MAX_ID):
        raise NotFound()
    attachment = await session.scalar(
        select(Attachment).where(Attachment.account_id == account_id, Attachment.id == attachment_id)
    )
    if attachment is None or not is_valid(account_id, attachment_id, attachment.storage_key, signature):
        raise NotFound()
    path = get_runtime(request).attachments.path(attachment.storage_key)
    if not path.is_file():
        raise NotFound()
    return FileResponse(
        path,
        media_type=served_type(attachment.content_type),
        filename=attachment.file_name,
        content_disposition_type="attachment",
        headers=PROTECTIVE_HEADERS,
    )
