"""Resume from a cursor: nothing missed, nothing twice, order kept; a cursor too old asks for a reload."""

from __future__ import annotations

import threading

import httpx

from tests.realtime.cable import Cable, agent_cable, delete_events_up_to, is_message, pubsub_token

MESSAGES = 300
POSTERS = 3
DISCONNECTS = 100


def test_a_hundred_forced_disconnects_during_a_stream_lose_and_repeat_nothing(server, account):
    inbox = account.create_api_inbox()
    conversations = [account.create_conversation(inbox["id"])["id"] for _ in range(POSTERS)]
    token = pubsub_token(account)
    cable, _ = agent_cable(server.url, account, token=token)

    # Several posters at once (one conversation each), so the stream is dense and commits interleave.
    posted: dict[int, list[int]] = {c: [] for c in conversations}
    failures: list[str] = []

    def post_messages(conversation_id: int) -> None:
        with httpx.Client(base_url=server.url, headers={"api_access_token": account.token}, timeout=30) as client:
            for i in range(MESSAGES // POSTERS):
                url = account.path(f"/conversations/{conversation_id}/messages")
                r = client.post(url, json={"content": f"m{i}"})
                if r.status_code != 200:
                    failures.append(r.text)
                    return
                posted[conversation_id].append(r.json()["id"])

    posters = [threading.Thread(target=post_messages, args=(c,)) for c in conversations]
    for poster in posters:
        poster.start()
    received: list[tuple[int, int]] = []  # (conversation display id, message id)
    cursors: list[int] = []
    disconnects = 0
    since_connect = 0
    try:
        while len(received) < MESSAGES and not failures:
            message = cable.message(timeout=15)
            assert message["event"] == "message.created"
            cursors.append(message["cursor"])
            received.append((message["data"]["conversation_id"], message["data"]["id"]))
            since_connect += 1
            # Drop the connection after 1, 2 or 3 messages, with whatever is in flight still unread.
            if disconnects < DISCONNECTS and since_connect >= 1 + disconnects % 3:
                cable.drop()
                cable, _ = agent_cable(server.url, account, cursor=cursors[-1], token=token)
                disconnects += 1
                since_connect = 0
    finally:
        cable.close()
        for poster in posters:
            poster.join(60)
    assert not failures
    assert disconnects == DISCONNECTS
    assert cursors == sorted(set(cursors))  # never twice, always in order
    assert len(received) == MESSAGES == sum(len(ids) for ids in posted.values())  # none missed
    for conversation_id, ids in posted.items():
        assert [m for c, m in received if c == conversation_id] == ids  # each conversation in order


def test_a_cursor_older_than_the_retained_events_gets_resync(server, account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    cable, _ = agent_cable(server.url, account, cursor=0)
    with cable:
        for i in range(4):
            account.create_message(conversation["id"], f"r{i}")
        got = cable.until(is_message("r3"))
    cursors = {m["data"]["content"]: m["cursor"] for m in got if m["event"] == "message.created"}
    head = cursors["r3"]
    delete_events_up_to(server, account.account_id, cursors["r1"])

    # The client last saw r0: r1 is gone, so it cannot be brought up to date. It is told to reload
    # and then continues live from the head.
    stale, _ = agent_cable(server.url, account, cursor=cursors["r0"])
    with stale:
        message = stale.message()
        assert message == {"event": "resync", "data": {"account_id": account.account_id}, "cursor": head}
        account.create_message(conversation["id"], "after resync")
        assert [m["data"]["content"] for m in stale.until(is_message("after resync"))] == ["after resync"]

    # A client that saw r1 needs only r2.. which are still there: a normal replay.
    fine, _ = agent_cable(server.url, account, cursor=cursors["r1"])
    with fine:
        replayed = fine.until(is_message("r3"))
        assert [m["data"]["content"] for m in replayed] == ["r2", "r3"]

    # A cursor the server never handed out is not trusted either.
    with Cable(server.url) as future:
        future.subscribe(
            pubsub_token=pubsub_token(account),
            account_id=account.account_id,
            user_id=account.user_id,
            cursor=head + 1000,
        )
        assert future.message()["event"] == "resync"
