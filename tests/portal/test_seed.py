import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from pages.models import HomePage


def snapshot():
    return (
        list(Page.objects.order_by("path").values_list("path", "title", "live")),
        Revision.objects.count(),
        list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
    )


@pytest.mark.django_db
def test_seed_command_is_idempotent():
    call_command("seed_section")
    first = snapshot()
    call_command("seed_section")
    assert snapshot() == first


@pytest.mark.django_db
def test_seed_makes_the_home_page_the_default_site_root(client):
    call_command("seed_section")
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    assert "People Smuggling, Human Trafficking and Modern Slavery" in response.content.decode()


@pytest.mark.django_db
def test_local_admin_command_refuses_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("ensure_local_admin")
