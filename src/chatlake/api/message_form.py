"""Reading a message create that arrives as multipart/form-data with `attachments[]` files.

The body is counted while it streams in, so an upload past the limit is cut off at the limit
(413) instead of being spooled to disk whole; a declared Content-Length past it is refused unread.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import PurePosixPath, PureWindowsPath

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from chatlake.errors import ChatlakeError, InvalidField

FILE_FIELDS = ("attachments[]", "attachments")
MAX_FILES = 15  # Chatwoot's limit per message
FORM_OVERHEAD = 1024 * 1024  # text fields and part headers on top of the files
CONTENT_TYPE_RE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")
UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")


class PayloadTooLarge(ChatlakeError):
    status_code = 413


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


async def read_message_form(request: Request, max_file_bytes: int) -> tuple[dict, list[UploadFile]]:
    """The text fields (as the JSON body would carry them) and the uploaded files, checked."""
    limit = max_file_bytes + FORM_OVERHEAD
    too_large = PayloadTooLarge(f"Attachments may not exceed {_size_text(max_file_bytes)}")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    counted = {"bytes": 0}

    async def limited() -> AsyncIterator[bytes]:
        async for chunk in request.stream():
            counted["bytes"] += len(chunk)
            if counted["bytes"] > limit:
                raise MultiPartException("body too large")
            yield chunk

    parser = MultiPartParser(request.headers, limited(), max_files=MAX_FILES, max_fields=50)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        if counted["bytes"] > limit:
            raise too_large from None
        raise InvalidField(f"Invalid form data: {exc.message}", ["attachments"]) from None

    fields: dict = {}
    files: list[UploadFile] = []
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            if name in FILE_FIELDS:
                files.append(value)
            else:
                await value.close()
            continue
        if "\x00" in value:
            raise InvalidField("Text may not contain NUL characters", [name])
        fields[name] = value
    total = 0
    for upload in files:
        size = upload.size or 0
        total += size
        if size == 0:
            raise InvalidField("Attachments may not be empty", ["attachments"])
        if size > max_file_bytes or total > max_file_bytes:
            raise too_large
    return fields, files


def safe_file_name(upload: UploadFile) -> str:
    """The last path part of the client's name, without control characters, at most 255 characters."""
    raw = upload.filename or ""
    name = PureWindowsPath(PurePosixPath(raw).name).name
    name = UNSAFE_NAME_CHARS.sub("", name).strip().lstrip(".") or "file"
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 254 - len(ext)] + dot + ext) if dot and len(ext) < 32 else name[:255]
    return name


def safe_content_type(upload: UploadFile) -> str:
    value = (upload.content_type or "").split(";", 1)[0].strip().lower()
    return value if CONTENT_TYPE_RE.fullmatch(value) else "application/octet-stream"


def _size_text(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"
