def test_home_renders(client, process):
    response = client.get("/")
    assert response.status_code == 200
    assert "Prozess" in response.get_data(as_text=True)
