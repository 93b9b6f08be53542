"""Attachment bytes on disk under the data directory: `attachments/<account_id>/<random hex>`.

The name on disk is random and never derived from what the client sent, so an upload cannot pick its
own path. Files are written before the database transaction and removed only after it commits.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

KEY_RE = re.compile(r"attachments/\d+/[0-9a-f]{32}")


@dataclass(frozen=True)
class StoredFile:
    storage_key: str
    file_name: str
    extension: str | None
    content_type: str
    size: int


class AttachmentStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir

    def path(self, storage_key: str) -> Path:
        if not KEY_RE.fullmatch(storage_key):
            raise ValueError("not an attachment storage key")
        return self.root / storage_key

    async def save(self, account_id: int, source: BinaryIO, *, file_name: str, content_type: str) -> StoredFile:
        key = f"attachments/{account_id}/{uuid.uuid4().hex}"
        target = self.path(key)

        def write() -> int:
            target.parent.mkdir(parents=True, exist_ok=True)
            source.seek(0)
            with target.open("xb") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)
                return out.tell()

        size = await asyncio.to_thread(write)
        return StoredFile(key, file_name, extension_of(file_name), content_type, size)

    async def remove(self, storage_keys: list[str]) -> None:
        def unlink() -> None:
            for key in storage_keys:
                self.path(key).unlink(missing_ok=True)

        await asyncio.to_thread(unlink)


def extension_of(file_name: str) -> str | None:
    suffix = Path(file_name).suffix.lstrip(".").lower()
    return suffix[:32] or None
