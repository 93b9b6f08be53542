"""/metrics: Prometheus text with the named series when enabled; absent, and no middleware, when not."""

from __future__ import annotations

import re
import time

import httpx

from chatlake.operations.metrics import MetricsMiddleware
from tests.realtime.cable import Cable


def _metrics(server) -> str:
    r = httpx.get(f"{server.url}/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain; version=0.0.4")
    return r.text


def _value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.M)
    assert match, f"{series} not in:\n{text[:3000]}"
    return float(match[1])


def test_requests_are_counted_by_route_template_and_status_with_latency(ops_server):
    admin = ops_server.bootstrap()
    route = "/api/v1/accounts/{account_id}/inboxes"
    labels = f'method="GET",route="{route}",status="200"'
    before = _metrics(ops_server)
    start = _value(before, f"chatlake_http_requests_total{{{labels}}}") if labels in before else 0
    for _ in range(3):
        assert admin.get("/inboxes").status_code == 200
    assert admin.get("/inboxes/999999").status_code == 404
    text = _metrics(ops_server)
    assert _value(text, f"chatlake_http_requests_total{{{labels}}}") == start + 3
    missing = f'chatlake_http_requests_total{{method="GET",route="{route}/{{inbox_id}}",status="404"}}'
    assert _value(text, missing) >= 1
    assert f"/api/v1/accounts/{admin.account_id}/" not in text  # templates, never raw paths
    count = _value(text, f'chatlake_http_request_duration_seconds_count{{method="GET",route="{route}"}}')
    assert count == _value(
        text, f'chatlake_http_request_duration_seconds_bucket{{method="GET",route="{route}",le="+Inf"}}'
    )
    assert count >= 3
    assert "# TYPE chatlake_http_request_duration_seconds histogram" in text
    admin.client.close()


def test_webhook_and_worker_series(ops_server, receiver):
    admin = ops_server.bootstrap()
    inbox = admin.create_api_inbox(f"http://127.0.0.1:{receiver.httpd.server_address[1]}/hook")
    admin.create_conversation(inbox["id"])
    receiver.received.get(timeout=10)
    # The worker records the outcome just after the receiver answers: wait (bounded) for that commit.
    deadline = time.monotonic() + 10
    while 'chatlake_webhook_deliveries{status="delivered"}' not in (text := _metrics(ops_server)):
        assert time.monotonic() < deadline, text
        time.sleep(0.05)
    assert _value(text, 'chatlake_webhook_deliveries{status="delivered"}') >= 1
    for gauge in (
        "chatlake_webhook_backlog_pending",
        "chatlake_webhook_backlog_oldest_due_seconds",
        "chatlake_webhook_endpoints_failing",
        "chatlake_webhook_endpoints_disabled",
    ):
        assert _value(text, gauge) >= 0
    assert _value(text, "chatlake_delivery_workers") >= 1
    admin.client.close()


def test_open_websockets_are_counted(ops_server):
    before = _value(_metrics(ops_server), "chatlake_websocket_connections")
    with Cable(ops_server.url):  # answered with its welcome frame: the connection is open
        assert _value(_metrics(ops_server), "chatlake_websocket_connections") == before + 1


def test_disabled_metrics_install_nothing(server):
    """The shared test server runs with the default (off): no route, and no middleware on the request path."""
    assert httpx.get(f"{server.url}/metrics").status_code == 404
    assert not [m for m in server.app.user_middleware if m.cls is MetricsMiddleware]
