"""Signature headers. Chatlake's own, plus Chatwoot's names so receivers written for it verify unchanged."""

from __future__ import annotations

from chatlake.crypto import hmac_sha256_hex


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac_sha256_hex(secret, f"{timestamp}.".encode() + body)


def signed_headers(secret: str, timestamp: int, body: bytes, delivery_id: str) -> dict[str, str]:
    sig = signature(secret, timestamp, body)
    headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "Chatlake-Webhooks"}
    for prefix in ("X-Chatlake", "X-Chatwoot"):
        headers[f"{prefix}-Signature"] = sig
        headers[f"{prefix}-Timestamp"] = str(timestamp)
        headers[f"{prefix}-Delivery"] = delivery_id
    return headers
