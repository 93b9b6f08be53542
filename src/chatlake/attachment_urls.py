"""Unguessable signed URLs for attachment downloads.

A receiver of a webhook, a bot or an `<img>` tag must be able to fetch a file without an API token,
so the URL itself is the credential: it carries an HMAC of the attachment's id and its random storage
key under the installation's secret. It stops working when the attachment is deleted.
"""

from __future__ import annotations

import hmac
from urllib.parse import quote

from chatlake import crypto

_base_url = ""


def configure(public_url: str) -> None:
    global _base_url
    _base_url = public_url.rstrip("/")


def signature(account_id: int, attachment_id: int, storage_key: str) -> str:
    return crypto.keyed_hex("attachment-url-v1", f"{account_id}:{attachment_id}:{storage_key}")[:40]


def is_valid(account_id: int, attachment_id: int, storage_key: str, given: str) -> bool:
    return hmac.compare_digest(signature(account_id, attachment_id, storage_key), given)


def download_path(account_id: int, attachment_id: int, storage_key: str, file_name: str) -> str:
    """The URL's path alone: what the dashboard links to, always in its own origin."""
    sig = signature(account_id, attachment_id, storage_key)
    return f"/attachments/{account_id}/{attachment_id}/{sig}/{quote(file_name, safe='')}"


def download_url(account_id: int, attachment_id: int, storage_key: str, file_name: str) -> str:
    return _base_url + download_path(account_id, attachment_id, storage_key, file_name)


def public_base_url() -> str:
    """The installation's public URL (CHATLAKE_PUBLIC_URL), without a trailing slash."""
    return _base_url
