"""The raw baseline: plain Starlette + the bare driver doing Chatlake's hot-path work, in the same run.

Served by uvicorn in its own process, exactly like `chatlake serve`, on a clone of the benchmark's database
(the schema Chatlake's migrations made, and the same rows). No ORM, no validation layer, no dependency
injection: the statements a hand-written endpoint needs, and the same JSON Chatlake answers. On SQLite the
stdlib `sqlite3` module runs on the event loop (no thread hop; a transaction never awaits, so this process
has one writer at a time without waiting in SQLite's busy handler); on PostgreSQL, an asyncpg pool.

    BENCH_BASELINE_DATABASE_URL=sqlite+aiosqlite:////tmp/x.sqlite3 python -m uvicorn bench.baseline_app:app

Statements per request (plus BEGIN/COMMIT; each response says how many in an x-bench-statements header):
- an incoming message (6, 7 with a webhook): auth (token digest + account membership), the conversation
  (with the contact, contact inbox, inbox and API channel the event payload and the delivery need), INSERT
  message, UPDATE conversation, the event cursor (UPDATE accounts ... RETURNING event_seq), INSERT event,
  and INSERT webhook delivery when the API inbox has a webhook_url. Unlike Chatlake it does not update the
  contact's last_activity_at nor count the conversation's unread messages for the event payload.
- conversation list page (5): auth, the page (joined with contact, session, inbox, assignee, team),
  the counts, the last messages with their senders, the unread counts.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

STATEMENTS_HEADER = "x-bench-statements"  # how many statements the request ran, for the report
PAGE_SIZE = 25
UNREAD_CAP = 10
ADMINISTRATOR = 1
STATUSES = {"open": 0, "resolved": 1, "pending": 2, "snoozed": 3}
STATUS_NAMES = {v: k for k, v in STATUSES.items()}
PRIORITY_NAMES = {0: "low", 1: "medium", 2: "high", 3: "urgent"}
MESSAGE_TYPES = {"incoming": 0, "outgoing": 1, "template": 3}
MESSAGE_TYPE_NAMES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}
ACTIVITY = 2


class HTTPError(Exception):
    def __init__(self, status: int, body: dict) -> None:
        self.status = status
        self.body = body


def json_response(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


# ---------------------------------------------------------------------------------------------------------------
# Drivers: a tiny pool and a transaction with fetch/fetchrow/execute, one for each database.


class SqliteBackend:
    """One stdlib sqlite3 connection used directly on the event loop, tuned like Chatlake's engine (WAL,
    busy_timeout, synchronous=NORMAL, foreign keys).

    Its statements run synchronously: a transaction never awaits, so requests cannot interleave inside one,
    no thread is involved, and the one connection is the only writer of this process. Writes take
    BEGIN IMMEDIATE (as Chatlake does); reads a deferred BEGIN.
    """

    COLUMN_EXISTS_SQL = "SELECT 1 FROM pragma_table_info(?) WHERE name = ?"

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None
        self.event_cursor = False

    @staticmethod
    def ts(value: datetime) -> str:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    @staticmethod
    def parse_ts(value) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)

    @staticmethod
    def sql(text: str) -> str:
        return text

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        for pragma in ("journal_mode=WAL", "busy_timeout=10000", "synchronous=NORMAL", "foreign_keys=ON"):
            conn.execute(f"PRAGMA {pragma}").fetchall()
        return conn

    @asynccontextmanager
    async def transaction(self, write: bool):
        if self.conn is None:
            self.conn = self._connect()
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield SqliteTx(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    async def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


class SqliteTx:
    """Awaitable methods that never suspend: the caller's coroutine runs the whole transaction in one go."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.statements = 0

    async def fetch(self, sql: str, *args) -> list:
        self.statements += 1
        return self.conn.execute(sql, args).fetchall()

    async def fetchrow(self, sql: str, *args):
        self.statements += 1
        return self.conn.execute(sql, args).fetchone()

    async def execute(self, sql: str, *args) -> None:
        self.statements += 1
        self.conn.execute(sql, args)


class PostgresBackend:
    """An asyncpg pool as large as Chatlake's (pool_size 10 + max_overflow 10)."""

    COLUMN_EXISTS_SQL = "SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?"

    def __init__(self, dsn: str, size: int) -> None:
        self.dsn = dsn
        self.size = size
        self.pool = None
        self.event_cursor = False

    @staticmethod
    def ts(value: datetime) -> datetime:
        return value

    @staticmethod
    def parse_ts(value) -> datetime | None:
        return value

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def sql(text: str) -> str:
        counter = iter(range(1, 10_000))
        return re.sub(r"\?", lambda _m: f"${next(counter)}", text)

    async def start(self) -> None:
        import asyncpg

        self.pool = await asyncpg.create_pool(self.dsn, min_size=1, max_size=self.size)

    @asynccontextmanager
    async def transaction(self, write: bool):
        if self.pool is None:
            await self.start()
        async with self.pool.acquire() as conn, conn.transaction():
            yield PostgresTx(conn, self.sql)

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()


class PostgresTx:
    def __init__(self, conn, sql) -> None:
        self.conn = conn
        self.sql = sql
        self.statements = 0

    async def fetch(self, sql: str, *args) -> list:
        self.statements += 1
        return await self.conn.fetch(self.sql(sql), *args)

    async def fetchrow(self, sql: str, *args):
        self.statements += 1
        return await self.conn.fetchrow(self.sql(sql), *args)

    async def execute(self, sql: str, *args) -> None:
        self.statements += 1
        await self.conn.execute(self.sql(sql), *args)


def make_backend(url: str):
    if url.startswith("sqlite"):
        return SqliteBackend(url.split(":///", 1)[1])
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    return PostgresBackend(dsn, size=int(os.environ.get("BENCH_BASELINE_PG_POOL", "20")))


# ---------------------------------------------------------------------------------------------------------------
# The statements.

AUTH_SQL = (
    "SELECT u.id, u.name, u.display_name, u.email, au.role, a.status AS account_status, a.name AS account_name"
    " FROM access_tokens t JOIN users u ON u.id = t.owner_id"
    " JOIN account_users au ON au.user_id = u.id AND au.account_id = ?"
    " JOIN accounts a ON a.id = au.account_id"
    " WHERE t.token_digest = ? AND t.owner_type = 'User'"
)

CONVERSATION_COLUMNS = (
    "c.id, c.display_id, c.uuid, c.account_id, c.inbox_id, c.contact_id, c.status, c.priority, c.assignee_id,"
    " c.team_id, c.additional_attributes, c.custom_attributes, c.cached_label_list, c.muted, c.snoozed_until,"
    " c.last_activity_at, c.waiting_since, c.first_reply_created_at, c.agent_last_seen_at,"
    " c.assignee_last_seen_at, c.contact_last_seen_at, c.created_at, c.updated_at,"
    " ct.name AS ct_name, ct.email AS ct_email, ct.phone_number AS ct_phone_number,"
    " ct.identifier AS ct_identifier, ct.avatar_url AS ct_avatar_url, ct.blocked AS ct_blocked,"
    " ct.additional_attributes AS ct_additional_attributes, ct.custom_attributes AS ct_custom_attributes,"
    " ct.created_at AS ct_created_at, ct.last_activity_at AS ct_last_activity_at,"
    " ci.id AS ci_id, ci.source_id AS ci_source_id, ci.hmac_verified AS ci_hmac_verified,"
    " ci.pubsub_token AS ci_pubsub_token, ci.created_at AS ci_created_at, ci.updated_at AS ci_updated_at,"
    " i.name AS inbox_name, i.channel_type AS channel_type"
)
CONVERSATION_JOINS = (
    " FROM conversations c"
    " JOIN contacts ct ON ct.id = c.contact_id"
    " JOIN contact_inboxes ci ON ci.id = c.contact_inbox_id"
    " JOIN inboxes i ON i.id = c.inbox_id"
)
VISIBLE_TO_AGENT = " AND c.inbox_id IN (SELECT inbox_id FROM inbox_members WHERE account_id = ? AND user_id = ?)"

CONVERSATION_SQL = f"SELECT {CONVERSATION_COLUMNS}{CONVERSATION_JOINS} WHERE c.account_id = ? AND c.display_id = ?"
# The incoming-message transaction also needs the contact's creation time (the event's sender) and the API
# channel's webhook_url (a delivery is planned when it has one).
INCOMING_CONVERSATION_SQL = (
    f"SELECT {CONVERSATION_COLUMNS}, i.channel_id AS channel_id,"
    " ch.webhook_url AS webhook_url"
    f"{CONVERSATION_JOINS}"
    " LEFT JOIN channel_api ch ON i.channel_type = 'Channel::Api' AND ch.id = i.channel_id"
    " WHERE c.account_id = ? AND c.display_id = ?"
)

INSERT_MESSAGE_SQL = (
    "INSERT INTO messages (account_id, inbox_id, conversation_id, message_type, content, private, status,"
    " content_type, content_attributes, additional_attributes, sender_type, sender_id, source_id, echo_id,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, '{}', '{}', ?, ?, NULL, ?, ?, ?) RETURNING id"
)
UPDATE_CONVERSATION_SQL = (
    "UPDATE conversations SET last_activity_at = ?, updated_at = ?, waiting_since = COALESCE(waiting_since, ?)"
    " WHERE id = ?"
)
NEXT_EVENT_CURSOR_SQL = "UPDATE accounts SET event_seq = event_seq + 1, updated_at = ? WHERE id = ? RETURNING event_seq"
INSERT_EVENT_SQL = (
    "INSERT INTO events (account_id, name, inbox_id, conversation_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)"
    " RETURNING id"
)
INSERT_EVENT_WITH_CURSOR_SQL = (
    "INSERT INTO events (account_id, name, inbox_id, conversation_id, payload, created_at, cursor)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"
)
INSERT_DELIVERY_SQL = (
    "INSERT INTO webhook_deliveries (account_id, event_id, delivery_uuid, target_kind, target_id, url,"
    " ordering_key, status, attempts, next_attempt_at, created_at)"
    " VALUES (?, ?, ?, 'api_inbox', ?, ?, ?, 'pending', 0, ?, ?)"
)

PAGE_SQL = (
    f"SELECT {CONVERSATION_COLUMNS},"
    " au.name AS assignee_name, au.display_name AS assignee_display_name, t.name AS team_name"
    f"{CONVERSATION_JOINS}"
    " LEFT JOIN users au ON au.id = c.assignee_id"
    " LEFT JOIN teams t ON t.id = c.team_id"
    " WHERE c.account_id = ? AND c.status = ?{visible}"
    " ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ? OFFSET ?"
)
COUNTS_SQL = (
    "SELECT count(*) AS total,"
    " coalesce(sum(CASE WHEN c.assignee_id = ? THEN 1 ELSE 0 END), 0) AS mine,"
    " coalesce(sum(CASE WHEN c.assignee_id IS NULL THEN 1 ELSE 0 END), 0) AS unassigned"
    " FROM conversations c WHERE c.account_id = ? AND c.status = ?{visible}"
)
LAST_MESSAGES_SQL = (
    "SELECT m.id, m.content, m.account_id, m.inbox_id, m.conversation_id, m.message_type, m.content_type,"
    " m.status, m.content_attributes, m.additional_attributes, m.created_at, m.updated_at, m.private,"
    " m.source_id, m.sender_type, m.sender_id, m.echo_id,"
    " sc.name AS sc_name, sc.email AS sc_email, sc.phone_number AS sc_phone_number,"
    " sc.identifier AS sc_identifier, sc.avatar_url AS sc_avatar_url, sc.blocked AS sc_blocked,"
    " sc.additional_attributes AS sc_additional_attributes, sc.custom_attributes AS sc_custom_attributes,"
    " su.name AS su_name, su.display_name AS su_display_name"
    " FROM messages m"
    " LEFT JOIN contacts sc ON m.sender_type = 'Contact' AND sc.id = m.sender_id"
    " LEFT JOIN users su ON m.sender_type = 'User' AND su.id = m.sender_id"
    " WHERE m.id IN (SELECT max(id) FROM messages WHERE account_id = ? AND conversation_id IN ({ids})"
    " AND message_type != ? GROUP BY conversation_id)"
)
UNREAD_SQL = (
    "SELECT m.conversation_id, count(*) AS unread FROM messages m"
    " JOIN conversations c ON c.id = m.conversation_id"
    " WHERE m.account_id = ? AND m.conversation_id IN ({ids}) AND m.message_type = 0"
    " AND (c.agent_last_seen_at IS NULL OR m.created_at > c.agent_last_seen_at)"
    " GROUP BY m.conversation_id"
)


# ---------------------------------------------------------------------------------------------------------------
# JSON shapes (the same fields Chatlake's presenters write).


def unix(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def jsonb(value) -> dict:
    if value is None:
        return {}
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def contact_push(row, prefix: str, contact_id: int) -> dict:
    avatar = row[f"{prefix}_avatar_url"]
    return {
        "additional_attributes": jsonb(row[f"{prefix}_additional_attributes"]),
        "custom_attributes": jsonb(row[f"{prefix}_custom_attributes"]),
        "email": row[f"{prefix}_email"],
        "id": contact_id,
        "identifier": row[f"{prefix}_identifier"],
        "name": row[f"{prefix}_name"],
        "phone_number": row[f"{prefix}_phone_number"],
        "thumbnail": avatar or "",
        "blocked": bool(row[f"{prefix}_blocked"]),
        "type": "contact",
    }


def user_push(user_id: int | None, name: str | None, display_name: str | None) -> dict | None:
    if user_id is None:
        return None
    return {
        "id": user_id,
        "name": name,
        "available_name": display_name or name,
        "avatar_url": "",
        "type": "user",
        "availability_status": "online",
        "thumbnail": "",
    }


def message_json(m: dict, display_id: int, sender: dict | None) -> dict:
    body = {
        "id": m["id"],
        "content": m["content"],
        "account_id": m["account_id"],
        "inbox_id": m["inbox_id"],
        "conversation_id": display_id,
        "message_type": m["message_type"],
        "content_type": "text",
        "status": "sent",
        "content_attributes": m["content_attributes"],
        "additional_attributes": m["additional_attributes"],
        "created_at": unix(m["created_at"]),
        "updated_at": unix(m["updated_at"]),
        "private": bool(m["private"]),
        "source_id": m["source_id"],
        "sender_type": m["sender_type"],
        "sender_id": m["sender_id"],
        "attachments": [],
    }
    if m["echo_id"] is not None:
        body["echo_id"] = m["echo_id"]
    if sender is not None:
        body["sender"] = sender
    return body


def conversation_json(row, parse_ts, *, unread: int, last_message: dict | None, assignee, team) -> dict:
    labels = [label for label in (row["cached_label_list"] or "").split(",") if label]
    updated_at = parse_ts(row["updated_at"])
    return {
        "id": row["display_id"],
        "uuid": row["uuid"],
        "account_id": row["account_id"],
        "inbox_id": row["inbox_id"],
        "status": STATUS_NAMES[row["status"]],
        "priority": PRIORITY_NAMES.get(row["priority"]) if row["priority"] is not None else None,
        "can_reply": True,
        "labels": labels,
        "muted": bool(row["muted"]),
        "additional_attributes": jsonb(row["additional_attributes"]),
        "custom_attributes": jsonb(row["custom_attributes"]),
        "snoozed_until": unix(parse_ts(row["snoozed_until"])),
        "unread_count": unread,
        "first_reply_created_at": unix(parse_ts(row["first_reply_created_at"])),
        "waiting_since": unix(parse_ts(row["waiting_since"])) or 0,
        "agent_last_seen_at": unix(parse_ts(row["agent_last_seen_at"])) or 0,
        "assignee_last_seen_at": unix(parse_ts(row["assignee_last_seen_at"])) or 0,
        "contact_last_seen_at": unix(parse_ts(row["contact_last_seen_at"])) or 0,
        "last_activity_at": unix(parse_ts(row["last_activity_at"])),
        "timestamp": unix(parse_ts(row["last_activity_at"])),
        "created_at": unix(parse_ts(row["created_at"])),
        "updated_at": updated_at.timestamp() if updated_at else None,
        "sla_policy_id": None,
        "meta": {
            "sender": contact_push(row, "ct", row["contact_id"]),
            "channel": row["channel_type"],
            "assignee": assignee,
            "assignee_type": "User" if assignee else None,
            "team": team,
            "hmac_verified": bool(row["ci_hmac_verified"]),
        },
        "messages": [last_message] if last_message else [],
        "last_non_activity_message": last_message,
        "contact_inbox": {"source_id": row["ci_source_id"]},
    }


# ---------------------------------------------------------------------------------------------------------------
# Endpoints.


async def authenticate(tx, request: Request, account_id: int):
    token = request.headers.get("api_access_token") or request.headers.get("api-access-token")
    if not token:
        raise HTTPError(401, {"error": "Invalid Access Token"})
    actor = await tx.fetchrow(AUTH_SQL, account_id, hashlib.sha256(token.encode()).hexdigest())
    if actor is None or actor["account_status"] != 0:
        raise HTTPError(401, {"error": "You are not authorized to access this account"})
    return actor


def contact_json(c, parse_ts) -> dict:
    """The contact as the message_created event's sender shows it."""
    return {
        "id": c["contact_id"],
        "name": c["ct_name"],
        "email": c["ct_email"],
        "phone_number": c["ct_phone_number"],
        "identifier": c["ct_identifier"],
        "avatar": c["ct_avatar_url"] or "",
        "thumbnail": c["ct_avatar_url"] or "",
        "additional_attributes": jsonb(c["ct_additional_attributes"]),
        "custom_attributes": jsonb(c["ct_custom_attributes"]),
        "blocked": bool(c["ct_blocked"]),
        "account": None,  # filled by the caller
        "created_at": iso(parse_ts(c["ct_created_at"])),
    }


async def create_message(request: Request) -> Response:
    """An incoming message from the conversation's contact, posted by an API client (Chatwoot's API channel):
    auth, the conversation, INSERT message, UPDATE conversation, the event cursor, INSERT event, and INSERT
    webhook delivery when the API inbox has a webhook_url; one transaction; the same JSON Chatlake answers."""
    account_id = request.path_params["account_id"]
    display_id = request.path_params["display_id"]
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return json_response({"message": "Request body is not valid JSON", "attributes": []}, 422)
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, str) or not content.strip():
        return json_response({"message": "Content can't be blank", "attributes": ["content"]}, 422)
    if body.get("message_type") != "incoming":
        return json_response({"message": "the baseline creates incoming messages only", "attributes": []}, 422)
    echo_id = body.get("echo_id")
    backend = request.app.state.backend
    ts, parse_ts = backend.ts, backend.parse_ts
    try:
        async with backend.transaction(write=True) as tx:
            actor = await authenticate(tx, request, account_id)
            sql, args = INCOMING_CONVERSATION_SQL, [account_id, display_id]
            if actor["role"] != ADMINISTRATOR:
                sql, args = sql + VISIBLE_TO_AGENT, [*args, account_id, actor["id"]]
            c = await tx.fetchrow(sql, *args)
            if c is None:
                raise HTTPError(404, {"error": "Resource could not be found"})
            now = datetime.now(UTC)
            stamp = ts(now)
            contact_id = c["contact_id"]
            row = await tx.fetchrow(
                INSERT_MESSAGE_SQL,
                account_id,
                c["inbox_id"],
                c["id"],
                MESSAGE_TYPES["incoming"],
                content,
                False,
                "Contact",
                contact_id,
                echo_id,
                stamp,
                stamp,
            )
            message_id = row["id"]
            await tx.execute(UPDATE_CONVERSATION_SQL, stamp, stamp, stamp, c["id"])
            message = {
                "id": message_id,
                "content": content,
                "account_id": account_id,
                "inbox_id": c["inbox_id"],
                "message_type": MESSAGE_TYPES["incoming"],
                "content_attributes": {},
                "additional_attributes": {},
                "created_at": now,
                "updated_at": now,
                "private": False,
                "source_id": None,
                "sender_type": "Contact",
                "sender_id": contact_id,
                "echo_id": echo_id,
            }
            reply = message_json(message, display_id, contact_push(c, "ct", contact_id))
            reply["external_source_ids"] = {}
            reply["processed_message_content"] = content
            reply["sentiment"] = {}
            conversation = conversation_json(c, parse_ts, unread=0, last_message=None, assignee=None, team=None)
            conversation["waiting_since"] = unix(parse_ts(c["waiting_since"])) or unix(now)
            conversation["last_activity_at"] = conversation["timestamp"] = unix(now)
            conversation["updated_at"] = now.timestamp()
            conversation["messages"] = [reply]
            del conversation["last_non_activity_message"]
            conversation["channel"] = c["channel_type"]
            conversation["contact_inbox"] = {
                "id": c["ci_id"],
                "contact_id": contact_id,
                "inbox_id": c["inbox_id"],
                "source_id": c["ci_source_id"],
                "hmac_verified": bool(c["ci_hmac_verified"]),
                "pubsub_token": c["ci_pubsub_token"],
                "created_at": iso(parse_ts(c["ci_created_at"])),
                "updated_at": iso(parse_ts(c["ci_updated_at"])),
            }
            account = {"id": account_id, "name": actor["account_name"]}
            sender = contact_json(c, parse_ts)
            sender["account"] = account
            payload = {
                "id": message_id,
                "content": content,
                "content_type": "text",
                "content_attributes": {},
                "message_type": "incoming",
                "private": False,
                "source_id": None,
                "echo_id": echo_id,
                "status": "sent",
                "created_at": iso(now),
                "updated_at": iso(now),
                "additional_attributes": {},
                "attachments": [],
                "sender": sender,
                "account": account,
                "inbox": {"id": c["inbox_id"], "name": c["inbox_name"]},
                "conversation": conversation,
                "event": "message_created",
            }
            event = [account_id, "message_created", c["inbox_id"], c["id"], orjson.dumps(payload).decode(), stamp]
            if backend.event_cursor:
                cursor = (await tx.fetchrow(NEXT_EVENT_CURSOR_SQL, stamp, account_id))["event_seq"]
                event_id = (await tx.fetchrow(INSERT_EVENT_WITH_CURSOR_SQL, *event, cursor))["id"]
            else:
                event_id = (await tx.fetchrow(INSERT_EVENT_SQL, *event))["id"]
            if c["webhook_url"]:
                await tx.execute(
                    INSERT_DELIVERY_SQL,
                    account_id,
                    event_id,
                    str(uuid.uuid4()),
                    c["channel_id"],
                    c["webhook_url"],
                    f"api_inbox:{c['channel_id']}:{c['id']}",
                    stamp,
                    stamp,
                )
    except HTTPError as exc:
        return json_response(exc.body, exc.status)
    response = json_response(reply)
    response.headers[STATEMENTS_HEADER] = str(tx.statements)
    return response


async def list_conversations(request: Request) -> Response:
    account_id = request.path_params["account_id"]
    status = request.query_params.get("status", "open")
    if status not in STATUSES:
        return json_response({"message": "the baseline lists one status", "attributes": ["status"]}, 422)
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        page = 0
    if page < 1:
        return json_response({"message": "page must be 1 or more", "attributes": ["page"]}, 422)
    backend = request.app.state.backend
    parse_ts = backend.parse_ts
    try:
        async with backend.transaction(write=False) as tx:
            actor = await authenticate(tx, request, account_id)
            visible, visible_args = "", []
            if actor["role"] != ADMINISTRATOR:
                visible, visible_args = VISIBLE_TO_AGENT, [account_id, actor["id"]]
            rows = await tx.fetch(
                PAGE_SQL.format(visible=visible),
                account_id,
                STATUSES[status],
                *visible_args,
                PAGE_SIZE,
                (page - 1) * PAGE_SIZE,
            )
            counts = await tx.fetchrow(
                COUNTS_SQL.format(visible=visible), actor["id"], account_id, STATUSES[status], *visible_args
            )
            last: dict[int, dict] = {}
            unread: dict[int, int] = {}
            if rows:
                ids = [r["id"] for r in rows]
                marks = ", ".join("?" * len(ids))
                for m in await tx.fetch(LAST_MESSAGES_SQL.format(ids=marks), account_id, *ids, ACTIVITY):
                    last[m["conversation_id"]] = m
                for u in await tx.fetch(UNREAD_SQL.format(ids=marks), account_id, *ids):
                    unread[u["conversation_id"]] = u["unread"]
    except HTTPError as exc:
        return json_response(exc.body, exc.status)

    payload = []
    for r in rows:
        m = last.get(r["id"])
        last_message = None
        if m is not None:
            if m["sender_type"] == "Contact":
                sender = contact_push(m, "sc", m["sender_id"])
            elif m["sender_type"] == "User":
                sender = user_push(m["sender_id"], m["su_name"], m["su_display_name"])
            else:
                sender = None
            message = dict(m)
            message["created_at"] = parse_ts(m["created_at"])
            message["updated_at"] = parse_ts(m["updated_at"])
            message["content_attributes"] = jsonb(m["content_attributes"])
            message["additional_attributes"] = jsonb(m["additional_attributes"])
            last_message = message_json(message, r["display_id"], sender)
            last_message["external_source_ids"] = {}
            last_message["processed_message_content"] = m["content"]
            last_message["sentiment"] = {}
        assignee = user_push(r["assignee_id"], r["assignee_name"], r["assignee_display_name"])
        team = {"id": r["team_id"], "name": r["team_name"]} if r["team_id"] else None
        conversation = conversation_json(
            r,
            parse_ts,
            unread=min(unread.get(r["id"], 0), UNREAD_CAP),
            last_message=last_message,
            assignee=assignee,
            team=team,
        )
        # The list shows the contact as the contacts API does (availability and times, no "type").
        listed = conversation["meta"]["sender"]
        del listed["type"]
        listed["availability_status"] = "offline"
        listed["created_at"] = unix(parse_ts(r["ct_created_at"]))
        listed["last_activity_at"] = unix(parse_ts(r["ct_last_activity_at"]))
        payload.append(conversation)
    total, mine, unassigned = int(counts["total"]), int(counts["mine"]), int(counts["unassigned"])
    meta = {
        "mine_count": mine,
        "assigned_count": total - unassigned,
        "unassigned_count": unassigned,
        "all_count": total,
    }
    response = json_response({"data": {"meta": meta, "payload": payload}})
    response.headers[STATEMENTS_HEADER] = str(tx.statements)
    return response


async def ping(_request: Request) -> Response:
    """No database: the ceiling of the load generator and the HTTP stack on this machine."""
    return json_response({"ok": True, "id": str(uuid.uuid4())})


@asynccontextmanager
async def lifespan(app: Starlette):
    backend = make_backend(os.environ["BENCH_BASELINE_DATABASE_URL"])
    async with backend.transaction(write=False) as tx:
        backend.event_cursor = bool(await tx.fetchrow(backend.COLUMN_EXISTS_SQL, "events", "cursor"))
    app.state.backend = backend
    yield
    await app.state.backend.close()


app = Starlette(
    routes=[
        Route("/ping", ping),
        Route("/api/v1/accounts/{account_id:int}/conversations", list_conversations, methods=["GET"]),
        Route(
            "/api/v1/accounts/{account_id:int}/conversations/{display_id:int}/messages",
            create_message,
            methods=["POST"],
        ),
    ],
    lifespan=lifespan,
)
