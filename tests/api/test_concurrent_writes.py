"""Racing requests for the same unique value: one wins, the others get a 422, never a 500."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx


def test_parallel_creates_of_one_email_make_one_contact(account):
    def create(_):
        with httpx.Client(base_url=account.server.url, headers={"api_access_token": account.token}) as c:
            return c.post(account.path("/contacts"), json={"name": "Twin", "email": "twin@example.com"})

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(create, range(16)))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(200) == 1, [r.text for r in responses]
    assert codes.count(422) == 15
    assert account.get("/contacts").json()["meta"]["count"] == 1


def test_parallel_conversations_get_distinct_numbers(account):
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"])
    body = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}

    def create(_):
        with httpx.Client(base_url=account.server.url, headers={"api_access_token": account.token}) as c:
            return c.post(account.path("/conversations"), json=body)

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(create, range(16)))
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses if r.status_code != 200]
    assert sorted(r.json()["id"] for r in responses) == list(range(1, 17))
