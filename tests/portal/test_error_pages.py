import pytest
from django.test import Client

from tests.conftest import unreachable_database


@pytest.mark.django_db
def test_unknown_path_gets_the_portal_404_page(client, seeded_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="#main-content"' in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_hostile_paths_get_404_not_500(client, seeded_site):
    for path in ["/%00/", "/../../etc/passwd", "/" + "a" * 5000 + "/", "/%E2%80%AE/", "/home/%ff/"]:
        assert client.get(path).status_code in {400, 404}, path


@pytest.mark.django_db(transaction=True)
def test_500_page_renders_with_the_database_down(seeded_site, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with unreachable_database():
        response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert 'lang="en-AU"' in html
