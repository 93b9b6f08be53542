"""Prometheus metrics at /metrics, in the text exposition format (written by hand: a few counters, one
histogram and some gauges do not justify a dependency).

Installed only when CHATLAKE_METRICS_ENABLED is true: otherwise neither the middleware nor the route exists,
so requests pay nothing. Request counts, latencies and websocket connections are this process's (scrape
every process); the webhook figures are read from the database at scrape time and are the installation's.
"""

from __future__ import annotations

import time
from collections import defaultdict

from fastapi import FastAPI, Request
from sqlalchemy import func, select
from starlette.responses import PlainTextResponse

from chatlake.models import WebhookDelivery
from chatlake.queries.health import webhook_backlog, worker_heartbeats

# Seconds: from a fast cached read to a slow report.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self) -> None:
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        # (method, route) -> per-bucket counts (not cumulative; summed when written), sum, count
        self.latency: dict[tuple[str, str], list] = {}
        self.websockets = 0

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests[(method, route, status)] += 1
        entry = self.latency.get((method, route))
        if entry is None:
            entry = self.latency[(method, route)] = [[0] * (len(BUCKETS) + 1), 0.0, 0]
        index = next((i for i, bound in enumerate(BUCKETS) if seconds <= bound), len(BUCKETS))
        entry[0][index] += 1
        entry[1] += seconds
        entry[2] += 1


def _route_of(scope) -> str:
    """The route template, never the raw path: ids in paths would make a series per record."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path:
        return path
    return "/app/static" if scope.get("path", "").startswith("/app/static/") else "unmatched"


class MetricsMiddleware:
    def __init__(self, app, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            self.metrics.websockets += 1
            try:
                return await self.app(scope, receive, send)
            finally:
                self.metrics.websockets -= 1
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500  # what the client sees when the app fails before answering

        async def send_noting_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            self.metrics.observe(scope["method"], _route_of(scope), status, time.perf_counter() - started)


def _label(value) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _series(name: str, labels: dict, value) -> str:
    inner = ",".join(f'{k}="{_label(v)}"' for k, v in labels.items())
    return f"{name}{{{inner}}} {value}" if inner else f"{name} {value}"


def _http_lines(metrics: Metrics) -> list[str]:
    lines = [
        "# HELP chatlake_http_requests_total HTTP requests answered by this process, by route template and status.",
        "# TYPE chatlake_http_requests_total counter",
    ]
    for (method, route, status), n in sorted(metrics.requests.items()):
        lines.append(_series("chatlake_http_requests_total", {"method": method, "route": route, "status": status}, n))
    lines += [
        "# HELP chatlake_http_request_duration_seconds Time to answer HTTP requests, by route template.",
        "# TYPE chatlake_http_request_duration_seconds histogram",
    ]
    for (method, route), (buckets, total, count) in sorted(metrics.latency.items()):
        labels = {"method": method, "route": route}
        running = 0
        for bound, n in zip((*BUCKETS, "+Inf"), buckets, strict=True):
            running += n
            lines.append(_series("chatlake_http_request_duration_seconds_bucket", {**labels, "le": bound}, running))
        lines.append(_series("chatlake_http_request_duration_seconds_sum", labels, round(total, 6)))
        lines.append(_series("chatlake_http_request_duration_seconds_count", labels, count))
    lines += [
        "# HELP chatlake_websocket_connections Open websocket connections to this process.",
        "# TYPE chatlake_websocket_connections gauge",
        _series("chatlake_websocket_connections", {}, metrics.websockets),
    ]
    return lines


async def _database_lines(runtime) -> list[str]:
    async with runtime.db.read_transaction() as session:
        by_status = (
            await session.execute(select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status))
        ).all()
        backlog = await webhook_backlog(session)
        age, workers = await worker_heartbeats(session, runtime.settings.health_worker_stale_seconds)
    lines = [
        "# HELP chatlake_webhook_deliveries Webhook deliveries stored, by outcome (pending, delivered, failed, ...).",
        "# TYPE chatlake_webhook_deliveries gauge",
    ]
    lines += [_series("chatlake_webhook_deliveries", {"status": status}, n) for status, n in sorted(by_status)]
    gauges = (
        ("chatlake_webhook_backlog_pending", "Deliveries waiting to be sent.", backlog.pending),
        (
            "chatlake_webhook_backlog_oldest_due_seconds",
            "How long the oldest due delivery has waited since its event (0 when none is due).",
            round(backlog.oldest_due_age_seconds or 0.0, 3),
        ),
        ("chatlake_webhook_endpoints_failing", "Endpoints being retried after errors.", backlog.failing_endpoints),
        ("chatlake_webhook_endpoints_disabled", "Endpoints deliveries stopped for.", backlog.disabled_endpoints),
        ("chatlake_delivery_workers", "Delivery workers with a recent heartbeat.", workers),
        (
            "chatlake_delivery_worker_heartbeat_age_seconds",
            "Seconds since the newest worker heartbeat (-1 when no worker runs).",
            -1 if age is None else round(age, 3),
        ),
    )
    for name, help_text, value in gauges:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", _series(name, {}, value)]
    return lines


def install_metrics(app: FastAPI) -> Metrics:
    metrics = Metrics()
    app.add_middleware(MetricsMiddleware, metrics=metrics)

    async def exposition(request: Request) -> PlainTextResponse:
        lines = _http_lines(metrics) + await _database_lines(request.app.state.runtime)
        return PlainTextResponse("\n".join(lines) + "\n", media_type=CONTENT_TYPE)

    app.add_api_route("/metrics", exposition, methods=["GET"], include_in_schema=False)
    app.state.metrics = metrics
    return metrics
