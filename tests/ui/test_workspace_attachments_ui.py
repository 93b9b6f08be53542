"""Attachments in the workspace, in Chromium: picking, dropping and removing files in the composer,
sending them with a reply or a note, and seeing them in the thread (sent here or arriving live)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.attachment_files import solid_png
from tests.ui.workspace import expect_same_document, mark_page, open_conversation, thread
from tests.workspace_support import conversation_with_contact

PNG = solid_png(96, 64, (46, 144, 250))
GUIDE = b"Step 1: unplug it.\n" * 100  # 1,900 bytes: "1.9 KB"


def new_conversation(account) -> dict:
    inbox = account.create_api_inbox(name="Website API")
    return conversation_with_contact(account, inbox["id"], "Grace Hopper")


def stored_messages(account, conversation: dict) -> list[dict]:
    return account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]


def file_chips(page: Page):
    return page.get_by_role("list", name="Files to send").get_by_role("listitem")


def test_attach_files_in_the_composer_send_them_and_download_from_the_thread(page: Page, account, screenshot):
    conversation = new_conversation(account)
    account.create_message(conversation["id"], "Can you send the manual?", message_type="incoming")
    open_conversation(page, account, conversation["id"])
    mark_page(page)

    page.locator("[data-composer-file-input]").set_input_files(
        [
            {"name": "router.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "guide <v2>.txt", "mimeType": "text/plain", "buffer": GUIDE},
            {"name": "wrong.txt", "mimeType": "text/plain", "buffer": b"oops"},
        ]
    )
    expect(file_chips(page)).to_have_count(3)
    expect(file_chips(page).nth(1)).to_contain_text("guide <v2>.txt")
    expect(file_chips(page).nth(1)).to_contain_text("1.9 KB")
    page.get_by_role("button", name="Remove wrong.txt").click()
    expect(file_chips(page)).to_have_count(2)

    composer = page.get_by_label("Message to Grace Hopper")
    composer.fill("Here is the manual and a photo.")
    composer.press("Enter")

    reply = thread(page).locator('li[data-kind="outgoing"]')
    expect(reply).to_have_attribute("data-message", re.compile(r"\d+"))  # the stored message, not the pending copy
    expect(reply).not_to_have_class(re.compile("is-pending"))
    expect(page.get_by_role("list", name="Files to send")).to_be_hidden()
    links = reply.locator("a[data-attachment-link]")
    expect(links).to_have_text(["router.png", "guide <v2>.txt"])
    expect(reply.locator(".attachment-size")).to_have_text([f"{len(PNG)} bytes", "1.9 KB"])
    thumbnail = reply.get_by_role("img", name="router.png")
    expect(thumbnail).to_have_attribute("src", re.compile(r"^/attachments/"))
    page.wait_for_function("(img) => img.complete && img.naturalWidth === 96", arg=thumbnail.element_handle())

    with page.expect_download() as download:
        links.nth(1).click()
    # A download, named after the file (the browser replaces the characters a file system may not take).
    assert re.fullmatch(r"guide .v2.\.txt", download.value.suggested_filename)
    assert Path(download.value.path()).read_bytes() == GUIDE

    (_, sent) = stored_messages(account, conversation)
    assert sent["content"] == "Here is the manual and a photo." and sent["private"] is False
    assert [(a["file_name"], a["file_size"]) for a in sent["attachments"]] == [
        ("router.png", len(PNG)),
        ("guide <v2>.txt", len(GUIDE)),
    ]
    expect(thread(page).locator("li[data-message]")).to_have_count(2)
    expect_same_document(page)
    screenshot(page, "workspace-attachments")


def test_a_dropped_file_goes_alone_as_a_private_note(page: Page, account):
    conversation = new_conversation(account)
    open_conversation(page, account, conversation["id"])
    page.get_by_role("tab", name="Private note").click()
    page.evaluate(
        """() => {
          const transfer = new DataTransfer();
          transfer.items.add(new File(["invoice 42"], "invoice.txt", { type: "text/plain" }));
          const form = document.querySelector("[data-composer]");
          form.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }"""
    )
    expect(file_chips(page)).to_have_text([re.compile(r"invoice\.txt\s*10 bytes")])
    page.get_by_role("button", name="Send").click()
    note = thread(page).locator('li[data-kind="note"][data-message]')
    expect(note.locator("a[data-attachment-link]")).to_have_text("invoice.txt")
    expect(note).not_to_contain_text("(no text)")
    (stored,) = stored_messages(account, conversation)
    assert stored["private"] is True and stored["content"] is None
    assert [a["file_name"] for a in stored["attachments"]] == ["invoice.txt"]


def test_files_arriving_through_the_api_show_live(page: Page, account):
    conversation = new_conversation(account)
    open_conversation(page, account, conversation["id"])
    mark_page(page)
    r = account.client.post(
        account.path(f"/conversations/{conversation['id']}/messages"),
        data={"content": "Photo of the damage", "message_type": "incoming"},
        files=[
            ("attachments[]", ("damage.png", PNG, "image/png")),
            ("attachments[]", ("receipt.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")),
        ],
    )
    assert r.status_code == 200, r.text
    incoming = thread(page).locator('li[data-kind="incoming"]')
    expect(incoming.locator("a[data-attachment-link]")).to_have_text(["damage.png", "receipt.svg"])
    expect(incoming.get_by_role("img")).to_have_count(1)  # the SVG is a link only
    expect_same_document(page)


def test_a_refused_upload_keeps_the_files_and_says_why(page: Page, account, browser_errors, monkeypatch):
    conversation = new_conversation(account)
    open_conversation(page, account, conversation["id"])
    # Lowered after the page was rendered: the browser's own check lets the file through, the server refuses.
    monkeypatch.setattr(account.server.app.state.runtime.settings, "attachment_max_bytes", 1024)
    page.locator("[data-composer-file-input]").set_input_files(
        [{"name": "big.txt", "mimeType": "text/plain", "buffer": GUIDE}]
    )
    page.get_by_label("Message to Grace Hopper").fill("too big")
    page.get_by_role("button", name="Send").click()
    failed = thread(page).locator("li.is-failed")
    expect(failed.get_by_role("alert")).to_contain_text("Not sent: Attachments may not exceed 1 KB")
    expect(file_chips(page)).to_have_text([re.compile("big.txt")])
    expect(page.get_by_label("Message to Grace Hopper")).to_have_value("too big")
    assert stored_messages(account, conversation) == []
    browser_errors.clear()  # the refused request's 413 is logged by the browser
