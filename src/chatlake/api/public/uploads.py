"""Files a contact attaches to a message: fewer, smaller and of fewer kinds than an agent may send.

The declared type and the file's first bytes must agree with an allowed kind, so a script or an executable is
never stored as "an image" for an agent to open."""

from __future__ import annotations

from starlette.datastructures import UploadFile

from chatlake.api.message_form import safe_content_type
from chatlake.errors import InvalidField

MAX_PUBLIC_FILES = 5
# Allowed kinds and the signatures their content must start with (None: text-like, no fixed signature).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
    "application/pdf": (b"%PDF-",),
    "audio/mpeg": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "audio/ogg": (b"OggS",),
    "video/mp4": None,
    "text/plain": None,
    "text/csv": None,
}


async def check_public_uploads(uploads: list[UploadFile]) -> None:
    if len(uploads) > MAX_PUBLIC_FILES:
        raise InvalidField(f"At most {MAX_PUBLIC_FILES} files per message", ["attachments"])
    for upload in uploads:
        kind = safe_content_type(upload)
        if kind not in SIGNATURES:
            raise InvalidField(f"Files of type {kind} cannot be sent here", ["attachments"])
        head = await upload.read(16)
        await upload.seek(0)
        signatures = SIGNATURES[kind]
        if signatures is not None and not head.startswith(signatures):
            raise InvalidField(f"The file's content is not {kind}", ["attachments"])
        if signatures is None and kind.startswith("text/") and b"\x00" in head:
            raise InvalidField(f"The file's content is not {kind}", ["attachments"])
