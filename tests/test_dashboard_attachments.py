"""Attachments in the workspace over HTTP: the reply endpoint's multipart uploads (the API's limits and
cleanup), and how the thread and its live fragments show files, safely."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from tests.attachment_files import solid_png
from tests.workspace_support import conversation_with_contact, dashboard_client

PNG = solid_png(96, 64, (46, 144, 250))
REPORT_NAME = "report <b>Q3 & 'co'.pdf"  # escaped wherever it is shown
LINK = re.compile(r'class="attachment-link" href="(/attachments/[^"]+)"')


@pytest.fixture
def agent(server, account):
    client, token = dashboard_client(server, account.email, account.password)
    client.headers["X-CSRF-Token"] = token
    yield client
    client.close()


@pytest.fixture
def conversation(account):
    inbox = account.create_api_inbox(name="Support line")
    return conversation_with_contact(account, inbox["id"], "Flora Files")


def reply_url(conversation: dict) -> str:
    return f"/app/api/conversations/{conversation['id']}/messages"


def send(client: httpx.Client, conversation: dict, files, headers=None, **fields) -> httpx.Response:
    return client.post(
        reply_url(conversation), data=fields, files=[("attachments[]", f) for f in files], headers=headers
    )


def files_on_disk(account) -> set[Path]:
    folder = account.server.settings.data_dir / "attachments" / str(account.account_id)
    return set(folder.glob("*")) if folder.exists() else set()


def stored_messages(account, conversation) -> list[dict]:
    return account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]


def test_a_reply_with_files_is_stored_and_rendered_with_links(agent, account, conversation):
    r = send(
        agent,
        conversation,
        [("photo.png", PNG, "image/png"), (REPORT_NAME, b"%PDF-1.4 " + b"x" * 2048, "application/pdf")],
        content="Here you go",
        private="false",
        echo_id="e-files",
    )
    assert r.status_code == 200, r.text
    message, html = r.json()["message"], r.json()["html"]
    assert (message["content"], message["echo_id"], message["private"]) == ("Here you go", "e-files", False)
    image, pdf = message["attachments"]
    assert (image["file_name"], image["file_type"], image["file_size"]) == ("photo.png", "image", len(PNG))
    assert (pdf["file_name"], pdf["file_type"]) == (REPORT_NAME, "file")
    assert [a["file_name"] for a in stored_messages(account, conversation)[0]["attachments"]] == [
        "photo.png",
        REPORT_NAME,
    ]

    # The dashboard links to the signed URL's path: the same file, always from its own origin.
    links = LINK.findall(html)
    assert links == [httpx.URL(image["data_url"]).raw_path.decode(), httpx.URL(pdf["data_url"]).raw_path.decode()]
    assert f'<img src="{links[0]}" alt="photo.png"' in html
    assert html.count("<img") == 1
    assert "report &lt;b&gt;Q3 &amp; &#39;co&#39;.pdf" in html and "<b>Q3" not in html
    assert "2 KB" in html and f"{len(PNG)} bytes" in html
    assert 'data-echo="e-files"' in html and "(no text)" not in html
    assert agent.get(links[1]).content == b"%PDF-1.4 " + b"x" * 2048


def test_a_private_note_may_be_files_alone_and_a_retry_keeps_one_copy(agent, account, conversation):
    first = send(agent, conversation, [("notes.txt", b"internal", "text/plain")], private="true", echo_id="n-1")
    assert first.status_code == 200, first.text
    assert first.json()["message"]["private"] is True and first.json()["message"]["content"] is None
    on_disk = files_on_disk(account)
    again = send(agent, conversation, [("notes.txt", b"internal", "text/plain")], private="true", echo_id="n-1")
    assert again.status_code == 200
    assert again.json()["message"]["id"] == first.json()["message"]["id"]
    assert [a["file_name"] for a in again.json()["message"]["attachments"]] == ["notes.txt"]
    assert files_on_disk(account) == on_disk
    assert len(stored_messages(account, conversation)) == 1


def test_without_the_csrf_token_nothing_is_stored(server, account, conversation):
    before = files_on_disk(account)
    client, _token = dashboard_client(server, account.email, account.password)
    with closing(client):
        for headers in ({}, {"X-CSRF-Token": "forged"}):
            r = send(client, conversation, [("a.txt", b"hello", "text/plain")], headers=headers, content="x")
            assert r.status_code == 403
            assert r.json() == {"error": "Missing or invalid CSRF token"}
    assert files_on_disk(account) == before
    assert stored_messages(account, conversation) == []


def test_another_accounts_conversation_is_404_and_nothing_is_stored(agent, account, other_account):
    theirs = other_account.create_api_inbox()
    conversation_with_contact(other_account, theirs["id"], "Not Yours")
    second = conversation_with_contact(other_account, theirs["id"], "Not Yours Either")
    before, theirs_before = files_on_disk(account), files_on_disk(other_account)
    r = send(agent, second, [("a.txt", b"hello", "text/plain")], content="x")
    assert r.status_code == 404
    assert r.json() == {"error": "Resource could not be found"}
    assert (files_on_disk(account), files_on_disk(other_account)) == (before, theirs_before)
    assert stored_messages(other_account, second) == []


def test_too_large_is_413_too_many_is_422_and_nothing_is_stored(agent, account, conversation, monkeypatch):
    limit = 64 * 1024
    monkeypatch.setattr(account.server.app.state.runtime.settings, "attachment_max_bytes", limit)
    before = files_on_disk(account)
    r = send(agent, conversation, [("big.bin", b"x" * (limit + 1), "application/octet-stream")], content="x")
    assert r.status_code == 413, r.text
    assert r.json()["error"].startswith("Attachments may not exceed")
    half = b"y" * (limit // 2 + 1)
    r = send(agent, conversation, [("a.bin", half, "application/octet-stream"), ("b.bin", half, "text/plain")])
    assert r.status_code == 413
    r = send(agent, conversation, [("a.txt", b"1", "text/plain")] * 16, content="x")
    assert r.status_code == 422 and r.json()["attributes"] == ["attachments"]
    r = send(agent, conversation, [("empty.txt", b"", "text/plain")], content="x")
    assert r.status_code == 422
    assert files_on_disk(account) == before
    assert stored_messages(account, conversation) == []


def test_a_refused_reply_leaves_no_file_behind(agent, account, conversation):
    before = files_on_disk(account)
    r = send(agent, conversation, [("a.txt", b"1", "text/plain")], content="x", echo_id="e" * 300)
    assert r.status_code == 422, r.text
    assert files_on_disk(account) == before
    r = send(agent, conversation, [("a.txt", b"1", "text/plain")], content="a\x00b")
    assert r.status_code == 422
    assert files_on_disk(account) == before


def test_json_replies_still_work(agent, account, conversation):
    r = agent.post(reply_url(conversation), json={"content": "plain", "echo_id": "j-1"})
    assert r.status_code == 200 and r.json()["message"]["attachments"] == []
    assert agent.post(reply_url(conversation), content=b"{not json").status_code == 422


def _upload_through_api(account, conversation, files, **fields) -> dict:
    r = account.client.post(
        account.path(f"/conversations/{conversation['id']}/messages"),
        data=fields,
        files=[("attachments[]", f) for f in files],
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_files_sent_through_the_api_show_in_the_page_and_the_live_fragment(agent, account, conversation):
    message = _upload_through_api(
        account,
        conversation,
        [("scan.jpg", b"\xff\xd8\xff" + b"0" * 10, "image/jpeg"), ("drawing.svg", b"<svg/>", "image/svg+xml")],
        message_type="incoming",
    )
    page = agent.get(f"/app/conversations/{conversation['id']}").text
    live = agent.get(f"/app/conversations/{conversation['id']}/messages?after={message['id'] - 1}").text
    for html in (page, live):
        links = LINK.findall(html)
        assert len(links) == 2
        # A JPEG is a thumbnail; an SVG only a link, never an <img> (nor anything inline).
        assert html.count('<img src="/attachments/') == 1 and f'<img src="{links[0]}"' in html
        assert "drawing.svg" in html


@pytest.mark.parametrize(
    "name, body, declared",
    [
        ("page.html", b"<html><script>parent.__xss(1)</script></html>", "text/html"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
    ],
)
def test_uploaded_markup_opened_from_the_dashboards_link_is_a_sandboxed_download(
    agent, account, conversation, name, body, declared
):
    html = send(agent, conversation, [(name, body, declared)], content="look").json()["html"]
    (link,) = LINK.findall(html)
    assert "<img" not in html
    r = agent.get(link)  # the dashboard's own origin, with its session cookie
    assert r.status_code == 200 and r.content == body
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"].split(";")[0] == "sandbox"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    if declared == "text/html":
        assert r.headers["content-type"] == "application/octet-stream"


def test_the_list_previews_a_message_of_files_alone_by_their_names(agent, account, conversation):
    _upload_through_api(
        account,
        conversation,
        [("invoice <7>.pdf", b"%PDF", "application/pdf"), ("b.txt", b"1", "text/plain")],
        message_type="incoming",
    )
    row = agent.get("/app/conversations/list").text
    assert "Attachment: invoice &lt;7&gt;.pdf (+1 more)" in row
    _upload_through_api(account, conversation, [("c.txt", b"1", "text/plain")], content="with words")
    assert "with words" in agent.get("/app/conversations/list").text
