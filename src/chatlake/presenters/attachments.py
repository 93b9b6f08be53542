"""Attachment JSON as Chatwoot's `push_event_data`, used in message JSON, events and webhooks."""

from __future__ import annotations

from chatlake.attachment_urls import download_url
from chatlake.models import Attachment
from chatlake.models.attachment import FILE_TYPE_NAMES, FILE_TYPES


def attachment_json(attachment: Attachment) -> dict:
    url = download_url(attachment.account_id, attachment.id, attachment.storage_key, attachment.file_name)
    return {
        "id": attachment.id,
        "message_id": attachment.message_id,
        "file_type": FILE_TYPE_NAMES.get(attachment.file_type, "file"),
        "account_id": attachment.account_id,
        "extension": attachment.extension,
        "data_url": url,
        # No resized variants are made: an image is its own thumbnail; other files have none (Chatwoot: "").
        "thumb_url": url if attachment.file_type == FILE_TYPES["image"] else "",
        "file_size": attachment.file_size,
        "file_name": attachment.file_name,
    }
