"""What one process holds: settings, database, outgoing client, worker. Built once, closed once."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field

from chatlake import attachment_urls, crypto
from chatlake.attachment_store import AttachmentStore
from chatlake.config import Settings
from chatlake.db import Database
from chatlake.jobs.worker import DeliveryWorker
from chatlake.realtime.hub import Hub
from chatlake.webhooks.delivery import RetryPolicy
from chatlake.webhooks.safe_http import SafeHttpClient


def load_secret_key(settings: Settings) -> str:
    """CHATLAKE_SECRET_KEY, or a key generated once into the data dir (never into the repo)."""
    if settings.secret_key:
        return settings.secret_key
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Runtime:
    settings: Settings
    db: Database
    http: SafeHttpClient
    worker: DeliveryWorker
    secret_key: str
    realtime: Hub
    _tasks: list[asyncio.Task] = field(default_factory=list)

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        secret_key = load_secret_key(settings)
        crypto.configure(secret_key)
        attachment_urls.configure(settings.public_url)
        db = Database(settings)
        http = SafeHttpClient(settings.allowed_private_hosts, timeout=settings.webhook_timeout_seconds)
        worker = DeliveryWorker(
            db,
            http,
            policy=RetryPolicy(
                base_seconds=settings.webhook_retry_base_seconds,
                max_delay_seconds=settings.webhook_retry_max_delay_seconds,
                window_seconds=settings.webhook_retry_window_seconds,
            ),
            timeout=settings.webhook_timeout_seconds,
            poll_seconds=settings.worker_poll_seconds,
        )
        realtime = Hub(
            db,
            redis_url=settings.redis_url,
            redis_prefix=settings.redis_prefix,
            presence_window=settings.presence_window_seconds,
            poll_seconds=settings.realtime_poll_seconds,
        )
        return cls(settings=settings, db=db, http=http, worker=worker, secret_key=secret_key, realtime=realtime)

    @property
    def attachments(self) -> AttachmentStore:
        return AttachmentStore(self.settings.data_dir)

    def after_commit(self, recorded_events: bool) -> None:
        if recorded_events:
            self.worker.wake()
            self.realtime.committed()

    def start_worker(self) -> None:
        self._tasks.append(asyncio.create_task(self.worker.run(), name="delivery-worker"))

    async def close(self) -> None:
        self.worker.stop()
        for task in self._tasks:
            try:
                await asyncio.wait_for(task, 10)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
        await self.worker.aclose()
        await self.http.aclose()
        await self.db.dispose()
