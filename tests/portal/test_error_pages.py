import pytest
from django.test import Client

from tests.conftest import unreachable_database
from tests.staff import sign_in_verified


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
def test_database_down_gives_the_503_maintenance_page_with_retry_after(seeded_site, settings):
    settings.DEBUG = False
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    client = Client(raise_request_exception=False)
    with unreachable_database():
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.PORTAL_RETRY_AFTER)
    html = response.content.decode()
    assert "This service is temporarily unavailable" in html
    assert "Traceback" not in html
    assert "may not have been saved" not in html
    assert 'lang="en-AU"' in html


@pytest.mark.django_db(transaction=True)
def test_admin_with_the_database_down_says_unavailable_and_nothing_lost(
    seeded_site, settings, django_user_model
):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    sign_in_verified(
        client, django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    )
    with unreachable_database():
        read = client.get("/admin/pages/")
        submitted = client.post("/admin/pages/3/edit/", {"title": "x"})
    for response in (read, submitted):
        assert response.status_code == 503
        assert "Retry-After" in response
        assert "temporarily unavailable" in response.content.decode()
    assert "Nothing has been lost" in read.content.decode()
    assert "may not have been saved" in submitted.content.decode()
    assert "Nothing has been lost" not in submitted.content.decode()


def test_500_page_claims_nothing_about_what_was_saved():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html
    assert "Nothing you entered has been saved" not in html
