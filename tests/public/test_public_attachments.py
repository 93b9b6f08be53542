"""Files a contact attaches to a message: allowed kinds whose content matches their type, a few per message."""

from __future__ import annotations

import httpx

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _send(inbox, contact, conversation, files, content="see attached"):
    path = inbox.url(f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages")
    return inbox.client.post(path, data={"content": content, "echo_id": "f-1"}, files=files)


def test_a_contact_sends_an_image(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    r = _send(inbox, contact, conversation, [("attachments[]", ("photo.png", PNG, "image/png"))])
    assert r.status_code == 200, r.text
    message = r.json()
    assert message["message_type"] == 0 and message["content"] == "see attached"
    (attachment,) = message["attachments"]
    assert attachment["file_type"] == "image" and attachment["file_name"] == "photo.png"
    assert (
        httpx.get(attachment["data_url"].replace("http://localhost:3000", account.server.url), timeout=30).content
        == PNG
    )
    stored = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]
    assert [len(m["attachments"]) for m in stored] == [1]


def test_disallowed_or_disguised_files_are_refused(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    for files in (
        [("attachments[]", ("run.exe", b"MZ\x90\x00", "application/x-msdownload"))],
        [("attachments[]", ("fake.png", b"<html><script>alert(1)</script>", "image/png"))],
        [("attachments[]", ("page.html", b"<html></html>", "text/html"))],
        [("attachments[]", (f"p{i}.png", PNG, "image/png")) for i in range(6)],
    ):
        r = _send(inbox, contact, conversation, files)
        assert r.status_code == 422, r.text
        assert r.json()["attributes"] == ["attachments"]
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []
