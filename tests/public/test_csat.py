"""Customer satisfaction: the survey posted on resolve, the contact's rating through the Client API or the hosted
page, and the Application API's responses and metrics."""

from __future__ import annotations

import httpx
import pytest

from tests.public.support import api_inbox


@pytest.fixture
def rated_inbox(account):
    inbox = api_inbox(account)
    r = account.client.patch(account.path(f"/inboxes/{inbox.inbox_id}"), json={"csat_survey_enabled": True})
    assert r.status_code == 200 and r.json()["csat_survey_enabled"] is True
    yield inbox
    inbox.client.close()


def _resolved(account, inbox) -> tuple[dict, dict, dict]:
    contact = inbox.new_contact(name="Jane")
    conversation = inbox.new_conversation(contact)
    inbox.say(contact, conversation, "help")
    account.create_message(conversation["id"], "done!")
    r = account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
    assert r.status_code == 200, r.text
    survey = [m for m in inbox.messages(contact, conversation) if m["content_type"] == "input_csat"]
    assert len(survey) == 1
    return contact, conversation, survey[0]


def _rate(inbox, contact, conversation, survey, answer) -> httpx.Response:
    path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages/{survey['id']}"
    return inbox.patch(path, {"submitted_values": {"csat_survey_response": answer}})


def test_resolving_posts_one_survey(account, rated_inbox):
    contact, conversation, survey = _resolved(account, rated_inbox)
    assert survey["message_type"] == 3 and survey["content"] == "Please rate the conversation"
    assert "sender" not in survey
    # Reopened and resolved again: still one survey.
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "open"})
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
    surveys = [m for m in rated_inbox.messages(contact, conversation) if m["content_type"] == "input_csat"]
    assert len(surveys) == 1


def test_no_survey_when_the_inbox_does_not_ask(account, inbox):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
    assert [m for m in inbox.messages(contact, conversation) if m["content_type"] == "input_csat"] == []


def test_a_contact_rates_and_the_account_sees_it(account, rated_inbox):
    contact, conversation, survey = _resolved(account, rated_inbox)
    r = _rate(rated_inbox, contact, conversation, survey, {"rating": 4, "feedback_message": "Quick, thanks"})
    assert r.status_code == 200, r.text
    answer = r.json()["content_attributes"]["submitted_values"]["csat_survey_response"]
    assert answer == {"rating": 4, "feedback_message": "Quick, thanks"}
    r = _rate(rated_inbox, contact, conversation, survey, {"rating": 5})  # changed its mind: one response
    assert r.status_code == 200
    responses = account.get("/csat_survey_responses").json()
    assert len(responses) == 1
    assert responses[0]["rating"] == 5 and responses[0]["conversation_id"] == conversation["id"]
    assert responses[0]["contact"]["id"] == contact["id"]
    metrics = account.get("/csat_survey_responses/metrics").json()
    assert metrics["total_count"] == 1 and metrics["ratings_count"] == {"5": 1}
    assert metrics["total_sent_messages_count"] == 1 and metrics["response_rate"] == 100
    assert account.get("/csat_survey_responses", params={"rating[]": [1, 2]}).json() == []
    assert len(account.get("/csat_survey_responses", params={"inbox_id": rated_inbox.inbox_id}).json()) == 1


def test_bad_ratings_are_refused_and_store_nothing(account, rated_inbox):
    contact, conversation, survey = _resolved(account, rated_inbox)
    for answer in (
        {"rating": 0},
        {"rating": 6},
        {"rating": "five"},
        {"rating": True},
        {},
        {"rating": 3, "feedback_message": 7},
    ):
        r = _rate(rated_inbox, contact, conversation, survey, answer)
        assert r.status_code == 422, (answer, r.text)
    assert account.get("/csat_survey_responses").json() == []


def test_another_account_sees_no_ratings(account, other_account, rated_inbox):
    contact, conversation, survey = _resolved(account, rated_inbox)
    assert _rate(rated_inbox, contact, conversation, survey, {"rating": 2}).status_code == 200
    assert other_account.get("/csat_survey_responses").json() == []
    assert other_account.get("/csat_survey_responses/metrics").json()["total_count"] == 0


def test_the_hosted_survey_page(account, server, rated_inbox):
    _contact, conversation, _survey = _resolved(account, rated_inbox)
    uuid = account.get(f"/conversations/{conversation['id']}").json()["uuid"]
    url = f"{server.url}/survey/responses/{uuid}"
    page = httpx.get(url, timeout=30)
    assert page.status_code == 200 and "How was your conversation with Site?" in page.text
    assert "help" not in page.text and "done!" not in page.text  # the page shows no conversation content
    refused = httpx.post(url, data={"rating": "9"}, timeout=30)
    assert refused.status_code == 422 and "rating must be" in refused.text
    assert account.get("/csat_survey_responses").json() == []
    done = httpx.post(url, data={"rating": "3", "feedback_message": "OK <script>x</script>"}, timeout=30)
    assert done.status_code == 200 and "You rated us 3 of 5" in done.text
    assert "<script>x</script>" not in done.text
    stored = account.get("/csat_survey_responses").json()
    assert [(r["rating"], r["feedback_message"]) for r in stored] == [(3, "OK <script>x</script>")]
    for unknown in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        assert httpx.get(f"{server.url}/survey/responses/{unknown}", timeout=30).status_code == 404
    # NUL in a path is refused at the edge (api/nul_guard.py), before any route.
    assert httpx.get(f"{server.url}/survey/responses/%00", timeout=30).status_code == 422
    # A NUL character is refused at the edge on every content type (api/nul_guard.py), and nothing changes.
    again = httpx.post(url, data={"rating": "4", "feedback_message": "nul\x00byte"}, timeout=30)
    assert again.status_code == 422
    assert account.get("/csat_survey_responses").json()[0]["rating"] == 3
