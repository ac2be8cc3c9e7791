"""The print stylesheet spells out the serving site's address after internal links."""

import pytest
from wagtail.models import Site


@pytest.mark.django_db
def test_print_stylesheet_names_the_site_serving_the_request(client):
    site = Site.objects.get(is_default_site=True)
    response = client.get("/print.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert f'content: " ({site.root_url}" attr(href) ")"' in response.content.decode()


@pytest.mark.django_db
def test_print_stylesheet_refuses_writes(client):
    assert client.post("/print.css").status_code == 405


@pytest.mark.django_db
def test_pages_link_the_print_stylesheet_instead_of_an_inline_style(client):
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/print.css" media="print">' in html
    assert "<style" not in html
