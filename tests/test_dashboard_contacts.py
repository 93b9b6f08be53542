"""Contacts over HTTP: the list with search and filters, a contact's page, its edits and notes."""

from __future__ import annotations

import re

import pytest

from tests.dashboard_support import Dashboard, notices


@pytest.fixture
def browser(server, account):
    b = Dashboard(server.url)
    assert b.sign_in(account.email, account.password).status_code == 303
    yield b
    b.close()


def contact_id(contact: dict) -> int:
    return contact["contact"]["id"] if "contact" in contact else contact["id"]


def listed(page) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-contact="(\d+)">', page.text)]


def test_list_search_and_filters(browser, account):
    grace = account.create_contact(
        name="Grace Hopper", email="grace@navy.test", additional_attributes={"city": "Arlington"}
    )
    alan = account.create_contact(name="Alan Turing", email="alan@bletchley.test", phone_number="+441234567890")
    account.post("/labels", {"title": "vip"})
    grace_id, alan_id = contact_id(grace), contact_id(alan)
    account.post(f"/contacts/{alan_id}/labels", {"labels": ["vip"]})

    everyone = browser.get("/app/contacts")
    assert set(listed(everyone)) == {grace_id, alan_id}
    assert "2 contacts" in everyone.text
    assert listed(browser.get("/app/contacts", params={"q": "hopper"})) == [grace_id]
    assert listed(browser.get("/app/contacts", params={"q": "+4412"})) == [alan_id]
    assert listed(browser.get("/app/contacts", params={"label": "vip"})) == [alan_id]
    assert listed(browser.get("/app/contacts", params={"field": "city", "value": "arling"})) == [grace_id]
    assert listed(browser.get("/app/contacts", params={"field": "email", "value": "bletchley"})) == [alan_id]
    assert listed(browser.get("/app/contacts", params={"field": "email", "value": "nobody"})) == []
    assert browser.get("/app/contacts", params={"field": "nope", "value": "x"}).status_code == 400
    assert browser.get("/app/contacts", params={"page": "0"}).status_code == 400


def test_the_list_pages(browser, account):
    for n in range(16):
        account.create_contact(name=f"Person {n:02d}")
    first = browser.get("/app/contacts")
    assert len(listed(first)) == 15 and 'rel="next"' in first.text
    second = browser.get("/app/contacts?page=2")
    assert len(listed(second)) == 1 and 'rel="prev"' in second.text


def test_contact_page_edits_details_attributes_and_labels(browser, account):
    cid = contact_id(account.create_contact(name="Edit Me", custom_attributes={"legacy": "kept"}))
    account.post(
        "/custom_attribute_definitions",
        {
            "attribute_display_name": "Seats",
            "attribute_key": "seats",
            "attribute_display_type": "number",
            "attribute_model": 1,
        },
    )
    account.post(
        "/custom_attribute_definitions",
        {
            "attribute_display_name": "Paying",
            "attribute_key": "paying",
            "attribute_display_type": "checkbox",
            "attribute_model": 1,
        },
    )
    account.post("/labels", {"title": "lead"})
    page = browser.get(f"/app/contacts/{cid}")
    assert page.status_code == 200 and "Edit Me" in page.text and "legacy" in page.text

    saved = browser.submit(
        f"/app/contacts/{cid}",
        {
            "name": "Edited",
            "email": "edited@example.com",
            "phone_number": "",
            "identifier": "u-1",
            "company_name": "Acme",
        },
    )
    assert "Contact saved." in notices(saved)
    api = account.get(f"/contacts/{cid}").json()["payload"]
    assert (api["name"], api["email"], api["identifier"]) == ("Edited", "edited@example.com", "u-1")
    assert api["additional_attributes"]["company_name"] == "Acme"

    refused = browser.submit(f"/app/contacts/{cid}", {"phone_number": "12345"})
    assert "Phone number should be in e164 format" in notices(refused)

    browser.submit(f"/app/contacts/{cid}/attributes", {"attr-seats": "12", "attr-paying": "1"})
    custom = account.get(f"/contacts/{cid}").json()["payload"]["custom_attributes"]
    assert custom == {"legacy": "kept", "seats": 12, "paying": True}
    refused = browser.submit(f"/app/contacts/{cid}/attributes", {"attr-seats": "many"})
    assert "Seats must be a number" in notices(refused)

    page = browser.get(f"/app/contacts/{cid}").text
    assert 'name="labels" type="checkbox" value="lead"' in page
    browser.submit(f"/app/contacts/{cid}/labels", [("labels", "lead")])
    assert account.get(f"/contacts/{cid}/labels").json()["payload"] == ["lead"]
    browser.submit(f"/app/contacts/{cid}/labels", [])
    assert account.get(f"/contacts/{cid}/labels").json()["payload"] == []


def test_contact_page_lists_conversations_and_keeps_notes(browser, account):
    inbox = account.create_api_inbox(name="Chat")
    contact = account.create_contact(inbox["id"], name="Talker")
    cid = contact_id(contact)
    r = account.post("/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]})
    conversation = r.json()
    page = browser.get(f"/app/contacts/{cid}").text
    assert f'href="/app/conversations/{conversation["id"]}"' in page

    page = browser.submit(f"/app/contacts/{cid}/notes", {"content": "Prefers email.\nCall after 5."})
    assert "Note added." in notices(page)
    (note,) = account.get(f"/contacts/{cid}/notes").json()
    assert note["content"] == "Prefers email.\nCall after 5."
    assert "Prefers email." in page.text
    refused = browser.submit(f"/app/contacts/{cid}/notes", {"content": "   "})
    assert "Content can't be blank" in notices(refused)
    browser.submit(f"/app/contacts/{cid}/notes/{note['id']}/delete")
    assert account.get(f"/contacts/{cid}/notes").json() == []


def test_another_accounts_contact_is_not_found(browser, other_account):
    theirs = contact_id(other_account.create_contact(name="Not Yours"))
    r = browser.get(f"/app/contacts/{theirs}")
    assert r.status_code == 404 and "Not Yours" not in r.text
    assert browser.post(f"/app/contacts/{theirs}/notes", {"content": "hi"}).status_code == 404
    assert "Not Yours" not in browser.get("/app/contacts").text
