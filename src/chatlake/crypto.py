"""Secrets at rest: hashing for what is only ever compared, encryption for what must be shown again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_key: bytes | None = None


def configure(secret_key: str) -> None:
    """Derive the encryption key from the installation's secret key (once per process)."""
    global _key
    _key = hashlib.sha256(b"chatlake-at-rest-v1:" + secret_key.encode()).digest()


def _require_key() -> bytes:
    if _key is None:
        raise RuntimeError("chatlake.crypto.configure() was not called")
    return _key


def encrypt(plaintext: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_require_key()).encrypt(nonce, plaintext.encode(), None)
    return "v1:" + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith("v1:"):
        raise ValueError("unknown secret encoding")
    raw = base64.urlsafe_b64decode(stored[3:])
    return AESGCM(_require_key()).decrypt(raw[:12], raw[12:], None).decode()


def token_digest(token: str) -> str:
    """Lookup key for bearer tokens: a fast hash is right because tokens are long and random."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


def hmac_sha256_hex(key: str, message: str | bytes) -> str:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(key.encode(), data, hashlib.sha256).hexdigest()


def keyed_hex(purpose: str, message: str) -> str:
    """HMAC-SHA256 under a key derived from the installation secret for one purpose (e.g. signed URLs)."""
    key = hashlib.sha256(b"chatlake-purpose:" + purpose.encode() + b":" + _require_key()).digest()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
