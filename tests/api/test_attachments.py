"""Message attachments: multipart uploads stored under the data directory, served so they cannot run."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.api.members import call


@pytest.fixture
def conversation(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    return conversation


def _upload(account, conversation_id, files, **fields):
    return account.client.post(
        account.path(f"/conversations/{conversation_id}/messages"),
        data=fields,
        files=[("attachments[]", f) for f in files],
    )


def _fetch(account, url: str) -> httpx.Response:
    # data_url is absolute under the configured public URL; the test server answers its path.
    with httpx.Client(base_url=account.server.url) as anonymous:
        return anonymous.get(urlsplit(url).path)


def _stored_path(server, url: str) -> Path:
    parts = urlsplit(url).path.split("/")
    account_id, attachment_id = int(parts[2]), int(parts[3])

    async def go():
        from sqlalchemy import select

        from chatlake.models import Attachment

        async with server.app.state.runtime.db.transaction() as session:
            return await session.scalar(
                select(Attachment.storage_key).where(
                    Attachment.account_id == account_id, Attachment.id == attachment_id
                )
            )

    key = server.call(go())
    return server.settings.data_dir / key


def test_upload_files_with_a_message(account, conversation, receiver):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    r = _upload(
        account,
        conversation["id"],
        [("photo.PNG", png, "image/png"), ("../../notes.txt", b"plain text", "text/plain")],
        content="Two files",
        private="false",
        echo_id="e-1",
    )
    assert r.status_code == 200, r.text
    message = r.json()
    assert (message["content"], message["echo_id"], message["message_type"]) == ("Two files", "e-1", 1)
    image, text = message["attachments"]
    assert image == {
        "id": image["id"],
        "message_id": message["id"],
        "file_type": "image",
        "account_id": account.account_id,
        "extension": "png",
        "data_url": image["data_url"],
        "thumb_url": image["data_url"],
        "file_size": len(png),
        "file_name": "photo.PNG",
    }
    assert (text["file_type"], text["file_name"], text["extension"], text["thumb_url"]) == (
        "file",
        "notes.txt",
        "txt",
        "",
    )
    # Stored under the data directory by a random name, not the client's.
    path = _stored_path(account.server, image["data_url"])
    assert path.read_bytes() == png
    assert path.parent == account.server.settings.data_dir / "attachments" / str(account.account_id)
    assert "photo" not in path.name

    listed = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"][-1]
    assert listed["attachments"] == message["attachments"]
    event = receiver.next_event("message_created").json
    assert event["attachments"] == message["attachments"]

    r = _fetch(account, image["data_url"])
    assert (r.status_code, r.content, r.headers["content-type"]) == (200, png, "image/png")
    assert r.headers["content-disposition"].startswith("attachment")


def test_a_file_alone_needs_no_content(account, conversation):
    r = _upload(account, conversation["id"], [("a.mp3", b"ID3....", "audio/mpeg")])
    assert r.status_code == 200, r.text
    assert r.json()["content"] is None
    assert r.json()["attachments"][0]["file_type"] == "audio"
    r = _upload(account, conversation["id"], [("v.mp4", b"....ftyp", "video/mp4")], content="clip")
    assert r.json()["attachments"][0]["file_type"] == "video"


@pytest.mark.parametrize(
    "name, body, declared",
    [
        ("page.html", b"<html><script>fetch('/api/v1/profile')</script></html>", "text/html"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("app.js", b"alert(document.cookie)", "application/javascript"),
    ],
)
def test_uploaded_markup_and_script_can_never_run_in_our_origin(account, conversation, name, body, declared):
    r = _upload(account, conversation["id"], [(name, body, declared)], content="look")
    assert r.status_code == 200, r.text
    r = _fetch(account, r.json()["attachments"][0]["data_url"])
    assert r.status_code == 200 and r.content == body
    assert r.headers["content-disposition"].startswith("attachment;")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"].split(";")[0] == "sandbox"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    if declared != "image/svg+xml":
        # Not a type a browser renders as a page: sent as plain bytes.
        assert r.headers["content-type"] == "application/octet-stream"


def test_a_tampered_or_foreign_url_is_404(account, other_account, conversation):
    message = _upload(account, conversation["id"], [("a.txt", b"secret", "text/plain")], content="x").json()
    url = message["attachments"][0]["data_url"]
    path = urlsplit(url).path
    _, _, account_id, attachment_id, signature, name = path.split("/")
    with httpx.Client(base_url=account.server.url) as anonymous:
        for bad in [
            f"/attachments/{account_id}/{attachment_id}/{'0' * len(signature)}/{name}",
            f"/attachments/{other_account.account_id}/{attachment_id}/{signature}/{name}",
            f"/attachments/{account_id}/{int(attachment_id) + 1000}/{signature}/{name}",
            f"/attachments/{account_id}/99999999999/{signature}/{name}",
        ]:
            assert anonymous.get(bad).status_code == 404, bad
        # The file name in the URL is only for the reader; the signature decides.
        assert anonymous.get(f"/attachments/{account_id}/{attachment_id}/{signature}/other.txt").content == b"secret"


def test_deleting_the_message_removes_its_files(account, conversation):
    message = _upload(account, conversation["id"], [("a.txt", b"bye", "text/plain")], content="x").json()
    url = message["attachments"][0]["data_url"]
    path = _stored_path(account.server, url)
    assert path.exists()
    r = call(account, "DELETE", f"/conversations/{conversation['id']}/messages/{message['id']}")
    assert r.status_code == 200 and r.json()["attachments"] == []
    assert not path.exists()
    assert _fetch(account, url).status_code == 404
    listed = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"][-1]
    assert listed["attachments"] == []


def _files_on_disk(account) -> set[Path]:
    folder = account.server.settings.data_dir / "attachments" / str(account.account_id)
    return set(folder.glob("*")) if folder.exists() else set()


def test_too_large_uploads_are_413_and_store_nothing(account, conversation, monkeypatch):
    limit = 64 * 1024
    monkeypatch.setattr(account.server.app.state.runtime.settings, "attachment_max_bytes", limit)
    before = _files_on_disk(account)
    r = _upload(account, conversation["id"], [("big.bin", b"x" * (limit + 1), "application/octet-stream")], content="x")
    assert r.status_code == 413, r.text
    assert r.json() == {"error": "Attachments may not exceed 0 MB"} or r.json()["error"].startswith(
        "Attachments may not exceed"
    )
    half = b"y" * (limit // 2 + 1)
    r = _upload(
        account,
        conversation["id"],
        [("a.bin", half, "application/octet-stream"), ("b.bin", half, "application/octet-stream")],
    )
    assert r.status_code == 413
    assert _files_on_disk(account) == before
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []


def test_a_body_larger_than_declared_limit_is_cut_off(account, conversation, monkeypatch):
    limit = 64 * 1024
    monkeypatch.setattr(account.server.app.state.runtime.settings, "attachment_max_bytes", limit)

    def chunks():
        yield b'--b\r\nContent-Disposition: form-data; name="attachments[]"; filename="x.bin"\r\n\r\n'
        for _ in range(100):
            yield b"z" * 65536
        yield b"\r\n--b--\r\n"

    r = account.client.post(
        account.path(f"/conversations/{conversation['id']}/messages"),
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 413


@pytest.mark.parametrize(
    "files, fields, field",
    [
        ([("empty.txt", b"", "text/plain")], {"content": "x"}, "attachments"),
        ([("a.txt", b"1", "text/plain")], {"content": "x", "message_type": "sideways"}, "message_type"),
        ([("a.txt", b"1", "text/plain")], {"content": "x", "private": "maybe"}, "private"),
        ([("a.txt", b"1", "text/plain")], {"content": "a\x00b"}, "content"),
        ([("a.txt", b"1", "text/plain")] * 16, {"content": "x"}, "attachments"),
    ],
)
def test_invalid_uploads_are_422_and_store_nothing(account, conversation, files, fields, field):
    before = _files_on_disk(account)
    r = _upload(account, conversation["id"], files, **fields)
    assert r.status_code == 422, r.text
    assert field in r.json()["attributes"]
    assert _files_on_disk(account) == before
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []


def test_a_refused_message_leaves_no_file_behind(account, conversation):
    """The files are written before the action checks the message; a refusal removes them again."""
    before = _files_on_disk(account)
    r = _upload(account, conversation["id"], [("a.txt", b"1", "text/plain")], content="x", content_attributes="[1]")
    assert r.status_code == 422
    assert _files_on_disk(account) == before


def test_json_messages_are_unchanged(account, conversation):
    r = account.post(f"/conversations/{conversation['id']}/messages", {"content": "plain"})
    assert r.status_code == 200 and r.json()["attachments"] == []
    r = account.client.post(account.path(f"/conversations/{conversation['id']}/messages"), content=b"{not json")
    assert r.status_code == 422


def test_deleting_the_contact_removes_its_conversations_files(account, conversation):
    message = _upload(account, conversation["id"], [("a.txt", b"bye", "text/plain")], content="x").json()
    path = _stored_path(account.server, message["attachments"][0]["data_url"])
    contact_id = conversation["meta"]["sender"]["id"]
    assert call(account, "DELETE", f"/contacts/{contact_id}").status_code == 200
    assert not path.exists()
    assert _fetch(account, message["attachments"][0]["data_url"]).status_code == 404
