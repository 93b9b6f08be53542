"""Settings, read once from CHATLAKE_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path(".chatlake")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHATLAKE_", extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy async URL; empty means the embedded SQLite file under data_dir.",
    )
    data_dir: Path = DEFAULT_DATA_DIR
    redis_url: str = ""
    # Real-time fan-out: Redis keys and the channel are named under this prefix (one per installation).
    redis_prefix: str = "chatlake"
    # An agent is shown online this long after their last sign of life (connection or update_presence).
    presence_window_seconds: float = 20.0
    # How often each web process looks for new events even without a notice (repairs lost notices).
    realtime_poll_seconds: float = 5.0
    secret_key: str = Field(default="", description="Signs session cookies; generated into data_dir if empty.")
    # Comma-separated hosts or CIDRs that outgoing requests (webhooks, bots) may reach even though
    # they are loopback or private: SSRF protection refuses them otherwise.
    allowed_private_hosts: str = ""
    webhook_timeout_seconds: float = 5.0
    webhook_retry_base_seconds: float = 10.0
    webhook_retry_max_delay_seconds: float = 3600.0
    # Deliveries are retried for this long after the event, then marked failed.
    webhook_retry_window_seconds: float = 86400.0
    run_worker: bool = Field(default=True, description="Run the delivery worker inside `serve`.")
    worker_poll_seconds: float = 1.0
    public_url: str = "http://localhost:3000"
    # Largest file a message may carry (Chatwoot's default limit is 40 MB too).
    attachment_max_bytes: int = 40 * 1024 * 1024
    # Dashboard sign-in throttling: this many failed sign-ins within the window lock out further tries
    # for that email, or from that client address (higher: offices share one address behind NAT).
    login_failures_per_email: int = 5
    login_failures_per_address: int = 20
    login_failure_window_seconds: float = 900.0
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto `chatlake serve` believes (uvicorn's
    # forwarded_allow_ips): comma-separated addresses or CIDRs, "*" for any. Others' headers are ignored.
    # Empty by default: a proxy must be named to be believed (a header from anyone else would let any client
    # pick its own address for the sign-in and token throttles).
    trusted_proxies: str = ""
    # Largest request body other than a multipart upload (JSON, forms), refused with 413 while it streams in.
    request_body_max_bytes: int = 1024 * 1024
    # Requests refused for a wrong API token, per client address within the window, before further ones get 429.
    token_failures_per_address: int = 60
    token_failure_window_seconds: float = 300.0
    # Prometheus text at /metrics. Off by default: when off, no middleware is installed at all.
    metrics_enabled: bool = False
    # How often a delivery worker records that it is alive, and when /health calls it gone.
    worker_heartbeat_seconds: float = 10.0
    health_worker_stale_seconds: float = 60.0
    # /health is unhealthy when a due webhook delivery has waited longer than this.
    health_backlog_max_age_seconds: float = 600.0
    # Client (public) API and website widget abuse limits, per process: requests per client address per minute,
    # new contacts (sessions) per client address per hour, messages per contact session per minute, body bytes.
    public_requests_per_minute: int = 3000  # as Chatwoot's rack-attack default
    public_contacts_per_hour: int = 300
    public_messages_per_minute: int = 20
    public_body_max_bytes: int = 64 * 1024
    # Files a contact attaches to one message, together (multipart message creates may be this large).
    public_attachment_max_bytes: int = 10 * 1024 * 1024

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'chatlake.sqlite3').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
