def test_login_page_is_public(client, db):
    response = client.get("/konto/logga-in/")
    assert response.status_code == 200
    assert "Logga in" in response.text
