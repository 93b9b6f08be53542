"""A webhook URL that deliveries will refuse (loopback, private) is said so where it is saved: in the API's
answer and on the inbox's settings page, with the setting that allows it."""

from __future__ import annotations

from tests.dashboard_support import Dashboard

REFUSED = "http://127.0.0.2:9/hook"  # loopback, and not in the test server's allow-list (127.0.0.1 only)


def test_the_api_answer_warns_at_create_and_update_and_the_inbox_is_still_saved(account):
    inbox = account.create_api_inbox(REFUSED)
    assert inbox["webhook_url"] == REFUSED
    warning = inbox["webhook_url_warning"]
    assert "will be refused" in warning and "loopback" in warning
    assert "CHATLAKE_ALLOWED_PRIVATE_HOSTS=127.0.0.2" in warning

    r = account.client.patch(
        account.path(f"/inboxes/{inbox['id']}"), json={"channel": {"webhook_url": "http://10.1.2.3/x"}}
    )
    assert r.status_code == 200 and "private" in r.json()["webhook_url_warning"]
    assert "CHATLAKE_ALLOWED_PRIVATE_HOSTS=10.1.2.3" in r.json()["webhook_url_warning"]

    # An allowed receiver (the test server allow-lists 127.0.0.1) or none at all: no warning.
    r = account.client.patch(
        account.path(f"/inboxes/{inbox['id']}"), json={"channel": {"webhook_url": "http://127.0.0.1:9/x"}}
    )
    assert r.status_code == 200 and "webhook_url_warning" not in r.json()
    assert "webhook_url_warning" not in account.create_api_inbox()
    # Reading an inbox never waits on a lookup: the warning belongs to saving.
    assert "webhook_url_warning" not in account.get(f"/inboxes/{inbox['id']}").json()


def test_the_settings_page_says_the_url_will_be_refused(account):
    inbox = account.create_api_inbox(REFUSED)
    page = Dashboard(account.server.url)
    assert page.sign_in(account.email, account.password).status_code == 303
    r = page.get(f"/app/settings/inboxes/{inbox['id']}")
    assert r.status_code == 200
    assert "data-webhook-warning" in r.text and "CHATLAKE_ALLOWED_PRIVATE_HOSTS=127.0.0.2" in r.text

    fine = account.create_api_inbox("http://127.0.0.1:9/hook")
    assert "data-webhook-warning" not in page.get(f"/app/settings/inboxes/{fine['id']}").text
    page.close()
