"""Hundreds of script-injection payloads stored through the API and shown on every dashboard page that
renders them (attachments' file names included): the browser must run none of them, and show each as
plain text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.attachment_files import solid_png
from tests.ui.dashboard import sign_in
from tests.ui.xss_corpus import packed, payloads

PAYLOADS = payloads()
PNG = solid_png(8, 8, (200, 30, 30))

# Installed before any page script: what a payload would call, and a record of blocked injections.
WATCHERS = """
window.__xssHits = [];
window.__xss = (n) => { window.__xssHits.push(n); };
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""
# Two frames and a task after load: late handlers (autofocus, ontoggle, onbegin) have had their chance.
SETTLE = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))))"


def must(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text[:1000]
    return response.json() if response.content else {}


@pytest.fixture
def hostile_account(account):
    """An account whose every user-written field that the dashboard shows holds payloads."""
    names = packed(PAYLOADS, 255)
    long_texts = packed(PAYLOADS, 9_000)
    made: dict = {"names": names, "long_texts": long_texts}

    inbox = account.create_api_inbox(name=names[0])
    for extra_name in names[1:4]:
        account.create_api_inbox(name=extra_name)
    for index, text in enumerate(long_texts):
        must(account.post("/labels", {"title": f"label-{index}", "description": text}))
        must(
            account.post(
                "/custom_attribute_definitions",
                {
                    "attribute_display_name": names[index],
                    "attribute_key": f"hostile_{index}",
                    "attribute_display_type": "text",
                    "attribute_model": "contact_attribute",
                    "attribute_description": text,
                },
            )
        )
    must(account.post("/teams", {"name": "hostile team", "description": long_texts[0]}))
    must(account.post("/canned_responses", {"short_code": "hostile", "content": "\n".join(PAYLOADS)}))
    must(account.post("/agents", {"name": names[1], "email": f"hostile-{account.account_id}@example.com"}))
    must(
        account.post(
            "/webhooks", {"url": "https://example.com/hostile", "name": names[2], "subscriptions": ["message_created"]}
        )
    )

    conversations = []
    for name in names:
        contact = account.create_contact(inbox["id"], name=name)
        conversation = must(
            account.post(
                "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
            )
        )
        conversations.append((contact["contact"]["id"], conversation["id"]))
    carrier_contact, carrier_conversation = conversations[0]
    for text in packed(PAYLOADS, 2_000):
        account.create_message(carrier_conversation, text, message_type="incoming")
    for text in packed(PAYLOADS, 1_000):
        must(account.post(f"/contacts/{carrier_contact}/notes", {"content": text}))
    attributes = {f"x{n}": payload for n, payload in enumerate(PAYLOADS)}
    attributes.update({f"hostile_{index}": names[-1 - index] for index in range(len(long_texts))})
    must(account.client.put(account.path(f"/contacts/{carrier_contact}"), json={"custom_attributes": attributes}))
    must(account.post(f"/contacts/{carrier_contact}/labels", {"labels": ["label-0", "label-1"]}))
    made.update(conversations=conversations, carrier_contact=carrier_contact, carrier_conversation=carrier_conversation)
    made["file_names"] = {
        conversations[1][1]: upload_hostile_files(account, conversations[1][1], PAYLOADS),
        conversations[2][1]: upload_hostile_files(
            account, conversations[2][1], [file_name_shaped(p) for p in PAYLOADS]
        ),
    }
    return made


def file_name_shaped(payload: str) -> str:
    """The payload as a client could name a file: the server keeps only a name's last path part, and
    browsers send `"` as `%22`, so slashes become spaces and double quotes single ones."""
    return payload.replace("/", " ").replace("\\", " ").replace('"', "'")


def upload_hostile_files(account, conversation_id: int, names: list[str]) -> list[str]:
    """Each name as an attachment's file name, 15 to a message (every third one a real image, so it is
    shown as a thumbnail with the name as its alt text); answers the names as stored."""
    stored = []
    for start in range(0, len(names), 15):
        files = [
            ("attachments[]", (name, PNG, "image/png") if n % 3 == 0 else (name, b"payload", "text/plain"))
            for n, name in enumerate(names[start : start + 15], start)
        ]
        r = account.client.post(
            account.path(f"/conversations/{conversation_id}/messages"), data={"message_type": "incoming"}, files=files
        )
        stored += [attachment["file_name"] for attachment in must(r)["attachments"]]
    return stored


def visit_and_expect_inert(page: Page, path: str, shown: list[str]) -> str:
    page.goto(path)
    page.wait_for_load_state("load")
    page.evaluate(SETTLE)
    hits = page.evaluate("window.__xssHits")
    violations = page.evaluate("window.__cspViolations")
    assert hits == [], f"{path}: payloads ran: {[PAYLOADS[n] for n in hits]}"
    assert violations == [], f"{path}: injected markup was blocked by CSP: {violations}"
    text = page.evaluate("document.body.innerText")
    missing = [item for item in shown if item not in text]
    assert not missing, f"{path}: not shown as text: {missing[:5]}"
    return text


def test_no_payload_runs_anywhere_and_each_reads_as_text(page: Page, account, hostile_account, browser_errors):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCHERS)
    sign_in(page, account.email, account.password)
    names = hostile_account["names"]
    everything = PAYLOADS

    # Contacts: every name across the list's pages; the carrier's page holds every payload as an
    # attribute value and in its notes, and the definitions' descriptions as field hints.
    contact_list = "".join(
        visit_and_expect_inert(page, f"/app/contacts?page={number}", [])
        for number in range(1, -(-len(names) // 15) + 1)
    )
    assert [name for name in names if name not in contact_list] == []
    visit_and_expect_inert(page, f"/app/contacts/{hostile_account['carrier_contact']}", [*everything, names[0]])
    visit_and_expect_inert(page, f"/app/contacts/{hostile_account['conversations'][-1][0]}", [names[-1]])
    visit_and_expect_inert(page, "/app/contacts?field=name&value=script", [])

    # Conversations: the list (names, inboxes, previews) page by page, and the carrier's thread.
    conversation_list = "".join(
        visit_and_expect_inert(page, f"/app?status=all&page={number}", [])
        for number in range(1, -(-len(names) // 25) + 1)
    )
    assert [name for name in names if name not in conversation_list] == []
    visit_and_expect_inert(page, f"/app/conversations/{hostile_account['carrier_conversation']}", everything)

    # Attachments' file names, in threads of their own: the payloads as sent, and shaped as file names.
    as_sent, shaped = hostile_account["file_names"].values()
    assert len(as_sent) == len(shaped) == len(PAYLOADS)
    assert sum(name == file_name_shaped(p) for name, p in zip(shaped, PAYLOADS, strict=True)) > 200
    for conversation_id, stored_names in hostile_account["file_names"].items():
        visit_and_expect_inert(page, f"/app/conversations/{conversation_id}", stored_names)

    # Settings pages that show the payloads: each holds all of them, or the ones placed there.
    visit_and_expect_inert(page, "/app/settings/labels", everything)
    visit_and_expect_inert(page, "/app/settings/attributes", everything)
    visit_and_expect_inert(page, "/app/settings/canned-responses", everything)
    visit_and_expect_inert(page, "/app/settings/teams", packed(everything, 9_000)[0].split(" · "))
    visit_and_expect_inert(page, "/app/settings/inboxes", names[:4])
    visit_and_expect_inert(page, "/app/settings/agents", [names[1]])
    visit_and_expect_inert(page, "/app/settings/webhooks", [names[2]])

    assert dialogs == []
    assert browser_errors == []
