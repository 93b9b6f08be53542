"""Under concurrent delivery to many conversations, with failures and retries, each conversation stays in order."""

from __future__ import annotations

import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson


class SlowFlakyReceiver:
    """Answers after a short pause; fails the first attempt of about one message in four.

    Records every attempt (conversation, message, accepted or not) in arrival order, and the largest
    number of requests it had in flight at once.
    """

    PAUSE_SECONDS = 0.03

    def __init__(self) -> None:
        self.attempts: list[tuple[int, int, bool]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self._failed_once: set[str] = set()
        self._lock = threading.Lock()
        self.accepted = threading.Condition(self._lock)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                body = orjson.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                ok = receiver._handle(body, self.headers["X-Chatlake-Delivery"])
                self.send_response(200 if ok else 503)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def _handle(self, body: dict, delivery_id: str) -> bool:
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(self.PAUSE_SECONDS)  # the receiver's own work: lets requests overlap
        with self._lock:
            self.in_flight -= 1
            if body.get("event") != "message_created":
                return True
            fail = zlib.crc32(delivery_id.encode()) % 4 == 0 and delivery_id not in self._failed_once
            if fail:
                self._failed_once.add(delivery_id)
            self.attempts.append((body["conversation"]["id"], body["id"], not fail))
            self.accepted.notify_all()
            return not fail

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def wait_for_accepted(self, count: int, timeout: float) -> None:
        with self._lock:
            done = self.accepted.wait_for(lambda: sum(ok for *_, ok in self.attempts) >= count, timeout)
        assert done, f"only {sum(ok for *_, ok in self.attempts)} of {count} accepted in {timeout}s"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_each_conversation_stays_in_order_under_concurrent_delivery_with_retries(account):
    receiver = SlowFlakyReceiver()
    try:
        inbox = account.create_api_inbox(webhook_url=receiver.url)
        conversations = [account.create_conversation(inbox["id"])["id"] for _ in range(12)]
        sent: dict[int, list[int]] = {c: [] for c in conversations}
        for round_ in range(6):
            for conversation in conversations:
                sent[conversation].append(account.create_message(conversation, f"r{round_}")["id"])
        receiver.wait_for_accepted(len(conversations) * 6, timeout=60)
    finally:
        receiver.close()

    failed = [a for a in receiver.attempts if not a[2]]
    assert failed, "the receiver's failures did not happen: the test would prove nothing"
    assert receiver.most_in_flight > 1, "deliveries were not sent concurrently"
    for conversation, ids in sent.items():
        accepted = [message for c, message, ok in receiver.attempts if c == conversation and ok]
        assert accepted == ids  # each once, in order
        # Stronger: no message was even attempted before every earlier one had been accepted.
        done = 0
        for c, message, ok in receiver.attempts:
            if c != conversation:
                continue
            assert message == ids[done], f"conversation {conversation}: {message} attempted before {ids[done]}"
            done += ok
