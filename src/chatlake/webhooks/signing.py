"""Signature headers: Chatlake's own, Chatwoot's names (so receivers written for it verify unchanged),
and the Standard Webhooks ones (so its libraries verify too)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from chatlake.crypto import hmac_sha256_hex


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac_sha256_hex(secret, f"{timestamp}.".encode() + body)


def standard_signature(secret: str, delivery_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256>` over "id.timestamp.body", keyed by the secret's UTF-8 bytes.

    Standard Webhooks libraries take the key as `whsec_` + base64(secret).
    """
    digest = hmac.new(secret.encode(), f"{delivery_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret: str, timestamp: int, body: bytes, delivery_id: str) -> dict[str, str]:
    sig = signature(secret, timestamp, body)
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": "Chatlake-Webhooks",
        "webhook-id": delivery_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(secret, delivery_id, timestamp, body),
    }
    for prefix in ("X-Chatlake", "X-Chatwoot"):
        headers[f"{prefix}-Signature"] = sig
        headers[f"{prefix}-Timestamp"] = str(timestamp)
        headers[f"{prefix}-Delivery"] = delivery_id
    return headers
