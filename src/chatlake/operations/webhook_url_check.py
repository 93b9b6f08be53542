"""Saying, when a webhook URL is saved, that deliveries to it will be refused (and how to allow them).

The delivery worker refuses loopback and private targets unless the operator allow-lists them
(CHATLAKE_ALLOWED_PRIVATE_HOSTS). Found only in the delivery log, that reads as "nothing ever arrives":
the API answer and the inbox's settings page say it where the user looks. The URL is still saved (Chatwoot
accepts it, and the operator may allow the host later); this is a warning, never a refusal of the request.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from chatlake.webhooks.safe_http import RefusedTarget, SafeHttpClient

# Resolving a name can hang on a broken resolver: a save never waits long for a warning.
CHECK_SECONDS = 2.0


async def webhook_url_warning(client: SafeHttpClient, url: str | None) -> str | None:
    if not url:
        return None
    try:
        await asyncio.wait_for(client.check(url), CHECK_SECONDS)
    except RefusedTarget as exc:
        host = urlsplit(url).hostname or ""
        reason = str(exc).removesuffix("; allow it with CHATLAKE_ALLOWED_PRIVATE_HOSTS if intended")
        if "cannot resolve" in reason:
            return f"Deliveries to this URL fail for now: {reason}. They are retried."
        return (
            f"Deliveries to this URL will be refused: {reason}. To allow it (a receiver in development, or on "
            f"your own network), start Chatlake with CHATLAKE_ALLOWED_PRIVATE_HOSTS={host}."
        )
    except TimeoutError:
        return None
    return None
