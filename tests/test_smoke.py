def test_profile_returns_the_callers_access_token(account):
    r = account.client.get("/api/v1/profile")
    assert r.status_code == 200
    body = r.json()
    assert body["access_token"] == account.token
    assert body["email"] == account.email
    assert [a["id"] for a in body["accounts"]] == [account.account_id]
    assert body["accounts"][0]["role"] == "administrator"
