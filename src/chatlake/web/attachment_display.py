"""How the conversation view shows a message's attachments: a thumbnail or a download link.

The dashboard links to the path of each file's signed URL, so the file is always fetched from the
dashboard's own origin, the one origin its Content-Security-Policy lets `<img>` load from (`img-src
'self'`). Only raster image types a browser decodes become thumbnails; everything else (SVG included,
though an `<img>` would not run its script) is a link. The download route serves every file as an
attachment, never sniffed and sandboxed, so opening a link cannot run anything in the dashboard's origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from chatlake.attachment_urls import download_path
from chatlake.models import Attachment
from chatlake.models.attachment import FILE_TYPES

THUMBNAIL_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})


@dataclass(frozen=True)
class ShownAttachment:
    file_name: str
    size: str
    url: str
    thumbnail: bool


def is_same_origin_path(url: str) -> bool:
    """A path on this origin: no scheme, no host, not protocol-relative (`//host`) nor `/\\host`."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/") and url[1:2] not in ("/", "\\")


def shown_attachment(attachment: Attachment) -> ShownAttachment:
    url = download_path(attachment.account_id, attachment.id, attachment.storage_key, attachment.file_name)
    image = attachment.file_type == FILE_TYPES["image"] and attachment.content_type in THUMBNAIL_TYPES
    return ShownAttachment(
        file_name=attachment.file_name,
        size=file_size_text(attachment.file_size),
        url=url,
        thumbnail=image and is_same_origin_path(url),
    )


def file_size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes" if size != 1 else "1 byte"
    for unit in ("KB", "MB", "GB"):
        size_in_unit = size / 1024
        if size_in_unit < 1024 or unit == "GB":
            return f"{size_in_unit:.1f} {unit}".replace(".0 ", " ")
        size = size_in_unit
    raise AssertionError("unreachable")
