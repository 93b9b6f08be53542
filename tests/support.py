"""Test harness: a real Chatlake server on a real database, and a real webhook receiver."""

from __future__ import annotations

import asyncio
import json
import queue
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import uvicorn

from chatlake.actions.accounts import do_bootstrap_account
from chatlake.app import create_app
from chatlake.config import Settings

POSTGRES_DEFAULT = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving create_app() in a thread with its own event loop."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.app = create_app(settings)
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        )
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve())

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)

    def call(self, coro, timeout: float = 30):
        """Run a coroutine on the server's loop (for setup that has no HTTP endpoint, like bootstrap)."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def bootstrap(self, account_name: str = "Acme") -> TestAccount:
        email = f"admin-{uuid.uuid4().hex[:10]}@example.com"
        password = "correct horse battery"

        async def go():
            async with self.app.state.runtime.db.transaction() as session:
                return await do_bootstrap_account(
                    session, account_name=account_name, email=email, password=password, user_name="Ada Admin"
                )

        result = self.call(go())
        return TestAccount(
            server=self,
            account_id=result.account.id,
            user_id=result.user.id,
            token=result.api_access_token,
            email=email,
            password=password,
        )


@dataclass
class TestAccount:
    server: LiveServer
    account_id: int
    user_id: int
    token: str
    email: str
    password: str
    _client: httpx.Client | None = field(default=None, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(base_url=self.server.url, headers={"api_access_token": self.token}, timeout=30)
        return self._client

    def path(self, suffix: str = "") -> str:
        return f"/api/v1/accounts/{self.account_id}{suffix}"

    def get(self, suffix: str, **kw) -> httpx.Response:
        return self.client.get(self.path(suffix), **kw)

    def post(self, suffix: str, json_body=None, **kw) -> httpx.Response:
        return self.client.post(self.path(suffix), json=json_body, **kw)

    # Factories: plain functions over the public API, so tests build state the way users do.
    def create_api_inbox(self, webhook_url: str | None = None, name: str = "API inbox") -> dict:
        channel = {"type": "api"}
        if webhook_url:
            channel["webhook_url"] = webhook_url
        r = self.post("/inboxes", {"name": name, "channel": channel})
        assert r.status_code == 200, r.text
        return r.json()

    def create_contact(self, inbox_id: int | None = None, **fields) -> dict:
        body = {"name": fields.pop("name", "Jane Doe"), **fields}
        if inbox_id is not None:
            body["inbox_id"] = inbox_id
        r = self.post("/contacts", body)
        assert r.status_code == 200, r.text
        return r.json()["payload"]

    def create_conversation(self, inbox_id: int, **fields) -> dict:
        contact = self.create_contact(inbox_id)
        body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox_id, **fields}
        r = self.post("/conversations", body)
        assert r.status_code == 200, r.text
        return r.json()

    def create_message(self, conversation_id: int, content: str = "hello", **fields) -> dict:
        r = self.post(f"/conversations/{conversation_id}/messages", {"content": content, **fields})
        assert r.status_code == 200, r.text
        return r.json()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class WebhookReceiver:
    """A real HTTP server on 127.0.0.1 that records every POST; it can be told to fail."""

    def __init__(self, port: int = 0) -> None:
        self.received: queue.Queue[Received] = queue.Queue()
        self.attempts: list[Received] = []
        self.fail_next = 0
        self.fail_status = 500
        # Stalling: hold the next N requests without answering, and say when one arrived.
        self.stall_next = 0
        self.stalled = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                item = Received({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
                receiver.attempts.append(item)
                if receiver.stall_next > 0:
                    receiver.stall_next -= 1
                    receiver.stalled.set()
                    receiver.release.wait(30)
                    self.send_response(200)
                    self.end_headers()
                    return
                if receiver.fail_next > 0:
                    receiver.fail_next -= 1
                    self.send_response(receiver.fail_status)
                    self.end_headers()
                    return
                receiver.received.put(item)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def next(self, timeout: float = 15) -> Received:
        return self.received.get(timeout=timeout)

    def next_event(self, name: str, timeout: float = 15) -> Received:
        """The next delivery of the named event, skipping others (e.g. conversation_created)."""
        deadline = time.monotonic() + timeout
        while True:
            item = self.next(max(0.01, deadline - time.monotonic()))
            if item.json.get("event") == name:
                return item

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def wait_until(predicate, timeout: float = 15, interval: float = 0.05):
    """Poll a state that has no event to wait on (e.g. what the worker recorded), up to a deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(interval)
