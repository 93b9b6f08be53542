"""Help center: portals by slug, categories and articles; administrators manage portals and categories,
every member writes articles."""

from __future__ import annotations

import uuid

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def unique_slug(prefix: str = "docs") -> str:
    # Portal slugs are unique in the whole installation, and the test server is shared by every test.
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def make_portal(acct, **fields) -> dict:
    body = {"name": "Handbook", "slug": unique_slug(), **fields}
    r = acct.post("/portals", body)
    assert r.status_code == 200, r.text
    return r.json()


def test_portal_create_show_list_update_and_delete(account):
    slug = unique_slug()
    r = account.post(
        "/portals",
        {
            "portal": {
                "name": "Handbook",
                "slug": slug,
                "color": "#1F93FF",
                "custom_domain": "https://help.example.com/",
                "homepage_link": "https://www.example.com",
                "header_text": "How can we help?",
                "page_title": "Handbook",
                "config": {"allowed_locales": ["en", "es"], "default_locale": "en"},
            }
        },
    )
    assert r.status_code == 200, r.text
    portal = r.json()
    assert portal["payload"] == {k: v for k, v in portal.items() if k != "payload"}
    assert portal["slug"] == slug
    assert portal["custom_domain"] == "help.example.com"
    assert portal["archived"] is False
    assert portal["config"] == {
        "allowed_locales": [
            {"code": "en", "articles_count": 0, "categories_count": 0},
            {"code": "es", "articles_count": 0, "categories_count": 0},
        ],
        "default_locale": "en",
    }
    assert portal["meta"]["all_articles_count"] == 0

    # Addressed by slug (Chatwoot's path parameter) or by id.
    assert account.get(f"/portals/{slug}").json()["id"] == portal["id"]
    assert account.get(f"/portals/{portal['id']}").json()["slug"] == slug
    listed = account.get("/portals").json()
    assert [p["id"] for p in listed["payload"]] == [portal["id"]]
    assert listed["meta"]["portals_count"] == 1

    new_slug = unique_slug("guide")
    r = call(account, "PATCH", f"/portals/{slug}", {"portal": {"name": "Guide", "slug": new_slug, "archived": True}})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["slug"], r.json()["archived"]) == ("Guide", new_slug, True)
    assert account.get(f"/portals/{slug}").status_code == 404

    r = call(account, "DELETE", f"/portals/{new_slug}")
    assert (r.status_code, r.content) == (200, b"")
    assert account.get("/portals").json()["payload"] == []


def test_portal_slug_is_unique_across_accounts(account, other_account):
    portal = make_portal(account)
    r = other_account.post("/portals", {"name": "Mine", "slug": portal["slug"]})
    assert r.status_code == 422
    assert r.json() == {"message": "Slug has already been taken", "attributes": ["slug"]}
    assert other_account.get("/portals").json()["payload"] == []
    # Without a slug one is made from the name.
    r = account.post("/portals", {"name": f"Help Desk {uuid.uuid4().hex[:6]}"})
    assert r.status_code == 200
    assert r.json()["slug"].startswith("help-desk-")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"slug": "x-1"}, "name"),
        ({"name": " ", "slug": "x-2"}, "name"),
        ({"name": "A", "slug": "Not A Slug!"}, "slug"),
        ({"name": "A", "color": "red"}, "color"),
        ({"name": "A", "homepage_link": "ftp://x"}, "homepage_link"),
        ({"name": "A", "custom_domain": "not a host"}, "custom_domain"),
        ({"name": "A", "archived": "yes"}, "archived"),
        ({"name": "A", "config": {"allowed_locales": []}}, "config"),
        ({"name": "A", "config": {"allowed_locales": ["en"], "default_locale": "fr"}}, "config"),
        ({"name": "A", "config": {"allowed_locales": ["english!"]}}, "config"),
    ],
)
def test_invalid_portals_are_422_and_write_nothing(account, body, field):
    r = account.post("/portals", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get("/portals").json()["payload"] == []


def test_agents_read_portals_but_only_administrators_change_them(account, members):
    portal = make_portal(account)
    agent = members.add()
    assert [p["id"] for p in agent.get("/portals").json()["payload"]] == [portal["id"]]
    assert agent.get(f"/portals/{portal['slug']}").status_code == 200
    for method, suffix, body in [
        ("POST", "/portals", {"name": "Mine", "slug": unique_slug()}),
        ("PATCH", f"/portals/{portal['slug']}", {"name": "Renamed"}),
        ("DELETE", f"/portals/{portal['slug']}", None),
        ("POST", f"/portals/{portal['slug']}/categories", {"name": "FAQ"}),
    ]:
        r = call(agent, method, suffix, body)
        assert r.status_code == 401, (method, suffix, r.text)
        assert r.json() == NOT_AUTHORIZED
    shown = account.get(f"/portals/{portal['slug']}").json()
    assert (shown["name"], shown["meta"]["categories_count"]) == ("Handbook", 0)
    assert len(account.get("/portals").json()["payload"]) == 1


def test_another_accounts_portal_and_its_contents_are_404(account, other_account):
    theirs = make_portal(other_account)
    category = other_account.post(f"/portals/{theirs['slug']}/categories", {"name": "FAQ"}).json()
    article = other_account.post(f"/portals/{theirs['slug']}/articles", {"title": "Secret"}).json()
    for ref in (theirs["slug"], theirs["id"]):
        for method, suffix, body in [
            ("GET", f"/portals/{ref}", None),
            ("PATCH", f"/portals/{ref}", {"name": "x"}),
            ("DELETE", f"/portals/{ref}", None),
            ("GET", f"/portals/{ref}/categories", None),
            ("POST", f"/portals/{ref}/categories", {"name": "x"}),
            ("PATCH", f"/portals/{ref}/categories/{category['id']}", {"name": "x"}),
            ("GET", f"/portals/{ref}/articles", None),
            ("POST", f"/portals/{ref}/articles", {"title": "x"}),
            ("GET", f"/portals/{ref}/articles/{article['id']}", None),
            ("DELETE", f"/portals/{ref}/articles/{article['id']}", None),
        ]:
            r = call(account, method, suffix, body)
            assert r.status_code == 404, (method, suffix, r.text)
            assert r.json() == NOT_FOUND
    # Their category or article under my own portal is not found either.
    mine = make_portal(account)
    assert account.get(f"/portals/{mine['slug']}/articles/{article['id']}").status_code == 404
    r = account.post(f"/portals/{mine['slug']}/articles", {"title": "x", "category_id": category["id"]})
    assert r.status_code == 404
    assert account.get(f"/portals/{mine['slug']}/articles").json()["payload"] == []
    assert other_account.get(f"/portals/{theirs['slug']}/articles/{article['id']}").json()["title"] == "Secret"


def test_categories_crud_with_locales_and_unique_slugs(account):
    portal = make_portal(account, config={"allowed_locales": ["en", "de"]})
    base = f"/portals/{portal['slug']}/categories"
    r = account.post(base, {"category": {"name": "Getting Started", "description": "Basics", "position": 2}})
    assert r.status_code == 200, r.text
    first = r.json()["payload"]
    assert {k: first[k] for k in ("name", "slug", "locale", "position", "portal_id")} == {
        "name": "Getting Started",
        "slug": "getting-started",
        "locale": "en",
        "position": 2,
        "portal_id": portal["id"],
    }
    # The same slug is free in another locale, taken in the same one.
    german = account.post(base, {"name": "Erste Schritte", "slug": "getting-started", "locale": "de"}).json()
    assert german["locale"] == "de"
    r = account.post(base, {"name": "Again", "slug": "getting-started"})
    assert r.status_code == 422
    assert r.json()["attributes"] == ["slug"]
    r = account.post(base, {"name": "French", "locale": "fr"})
    assert (r.status_code, r.json()["attributes"]) == (422, ["locale"])
    r = account.post(base, {"name": "Child", "parent_category_id": first["id"], "position": 1})
    child = r.json()
    assert child["parent_category_id"] == first["id"]

    listed = account.get(base).json()
    assert [c["id"] for c in listed["payload"]] == [child["id"], first["id"], german["id"]]
    assert [c["id"] for c in account.get(base, params={"locale": "de"}).json()["payload"]] == [german["id"]]

    r = call(account, "PATCH", f"{base}/{first['id']}", {"name": "Start here", "parent_category_id": first["id"]})
    assert (r.status_code, r.json()["attributes"]) == (422, ["parent_category_id"])
    assert account.get(f"{base}/{first['id']}").json()["name"] == "Getting Started"
    r = call(account, "PUT", f"{base}/{first['id']}", {"name": "Start here"})
    assert r.json()["name"] == "Start here"

    r = call(account, "DELETE", f"{base}/{first['id']}")
    assert r.status_code == 200
    assert account.get(f"{base}/{first['id']}").status_code == 404
    # The child stays, without its parent.
    assert account.get(f"{base}/{child['id']}").json()["parent_category_id"] is None


def test_articles_crud_filters_and_counts(account, members):
    portal = make_portal(account, config={"allowed_locales": ["en", "es"]})
    base = f"/portals/{portal['slug']}"
    faq = account.post(f"{base}/categories", {"name": "FAQ"}).json()
    ayuda = account.post(f"{base}/categories", {"name": "Ayuda", "locale": "es"}).json()
    agent = members.add(name="Writer")

    # Agents write articles; the author is the caller unless author_id names another member.
    r = agent.post(f"{base}/articles", {"article": {"title": "Refund policy", "content": "Money back in 30 days"}})
    assert r.status_code == 200, r.text
    refund = r.json()["payload"]
    assert refund["status"] == "draft"
    assert refund["slug"] == "refund-policy"
    assert refund["author"]["id"] == agent.user_id
    assert (refund["locale"], refund["views"], refund["category"]) == ("en", 0, None)

    r = account.post(
        f"{base}/articles",
        {"title": "Refund policy", "status": 1, "category_id": faq["id"], "author_id": agent.user_id, "position": 1},
    )
    second = r.json()
    assert (second["slug"], second["status"], second["author_id"]) == ("refund-policy-2", "published", agent.user_id)
    assert second["category"] == {"id": faq["id"], "name": "FAQ", "slug": "faq", "locale": "en"}
    spanish = account.post(
        f"{base}/articles", {"title": "Reembolsos", "category_id": ayuda["id"], "status": "archived"}
    ).json()
    assert spanish["locale"] == "es"

    def ids(**params):
        return [a["id"] for a in account.get(f"{base}/articles", params=params).json()["payload"]]

    assert set(ids()) == {refund["id"], second["id"], spanish["id"]}
    assert ids(status="published") == [second["id"]]
    assert ids(status="0") == [refund["id"]]
    assert ids(category_slug="faq") == [second["id"]]
    assert ids(category_id=ayuda["id"]) == [spanish["id"]]
    assert ids(locale="es") == [spanish["id"]]
    assert ids(query="MONEY") == [refund["id"]]
    assert ids(query="100%") == []
    meta = account.get(f"{base}/articles").json()["meta"]
    assert {k: meta[k] for k in ("articles_count", "published_count", "draft_articles_count")} == {
        "articles_count": 3,
        "published_count": 1,
        "draft_articles_count": 1,
    }
    assert meta["archived_articles_count"] == 1
    assert agent.get(f"{base}/articles").json()["meta"]["mine_articles_count"] == 2

    shown = account.get(f"/portals/{portal['slug']}").json()
    assert shown["meta"]["all_articles_count"] == 3
    assert shown["config"]["allowed_locales"][1] == {"code": "es", "articles_count": 1, "categories_count": 1}

    r = call(agent, "PATCH", f"{base}/articles/{refund['id']}", {"status": "published", "title": "Refunds"})
    assert (r.json()["status"], r.json()["title"]) == ("published", "Refunds")
    assert account.get(f"{base}/articles/{refund['id']}").json()["title"] == "Refunds"
    r = call(agent, "DELETE", f"{base}/articles/{refund['id']}")
    assert r.status_code == 200
    assert account.get(f"{base}/articles/{refund['id']}").status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": "A", "status": "live"}, "status"),
        ({"title": "A", "status": 7}, "status"),
        ({"title": "A", "slug": "Bad Slug"}, "slug"),
        ({"title": "A", "locale": "fr"}, "locale"),
        ({"title": "A", "position": -1}, "position"),
        ({"title": "A", "meta": [1]}, "meta"),
        ({"title": "A", "category_id": "abc"}, "category_id"),
    ],
)
def test_invalid_articles_are_422_and_write_nothing(account, body, field):
    portal = make_portal(account)
    r = account.post(f"/portals/{portal['slug']}/articles", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get(f"/portals/{portal['slug']}/articles").json()["payload"] == []


def test_article_author_from_another_account_is_404(account, other_account):
    portal = make_portal(account)
    r = account.post(f"/portals/{portal['slug']}/articles", {"title": "A", "author_id": other_account.user_id})
    assert r.status_code == 404
    assert account.get(f"/portals/{portal['slug']}/articles").json()["payload"] == []


def test_invalid_portal_and_article_updates_change_nothing(account, other_account):
    portal = make_portal(account)
    theirs = make_portal(other_account)
    for body, field in [
        ({"name": "New", "color": "nope"}, "color"),
        ({"name": "New", "slug": theirs["slug"]}, "slug"),
        ({"name": ""}, "name"),
    ]:
        r = call(account, "PATCH", f"/portals/{portal['slug']}", body)
        assert (r.status_code, r.json()["attributes"]) == (422, [field]), body
    shown = account.get(f"/portals/{portal['slug']}").json()
    assert (shown["name"], shown["color"]) == (portal["name"], portal["color"])

    base = f"/portals/{portal['slug']}/articles"
    article = account.post(base, {"title": "Original", "slug": "original"}).json()
    account.post(base, {"title": "Taken", "slug": "taken"})
    for body, field in [
        ({"title": "Changed", "status": "gone"}, "status"),
        ({"title": "Changed", "slug": "taken"}, "slug"),
        ({"title": "Changed", "associated_article_id": article["id"]}, "associated_article_id"),
    ]:
        r = call(account, "PATCH", f"{base}/{article['id']}", body)
        assert (r.status_code, r.json()["attributes"]) == (422, [field]), body
    again = account.get(f"{base}/{article['id']}").json()
    assert (again["title"], again["slug"], again["status"]) == ("Original", "original", "draft")
