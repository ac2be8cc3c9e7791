"""Portal settings: edited by site administrators only, shown in the header and footer."""

import pytest
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from editorial import services
from sitewide.blocks import FooterLinkBlock
from sitewide.models import PortalSettings
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db


def settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["sitewide", "portalsettings", site.pk])


def settings_form(department_name, links=()):
    return nested_form_data(
        {
            "department_name": department_name,
            "footer_links": streamfield([("link", link) for link in links]),
            "main_navigation": streamfield([]),
            "accessible_format_page": "",
            "social_image": "",
        }
    )


def test_a_site_administrator_changes_the_department_name_and_footer(
    client, governed_site, make_member
):
    sign_in_verified(client, make_member(services.SITE_ADMINISTRATORS))
    response = client.post(
        settings_url(),
        settings_form(
            "Department of Foreign Affairs and Trade (test)",
            [
                {"label": "Privacy", "page": "", "url": "https://www.dfat.gov.au/privacy"},
                {"label": "Home", "page": governed_site.pk, "url": ""},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    html = client.get("/").content.decode()
    assert (
        '<span class="site-header__name">Department of Foreign Affairs and Trade (test)</span>'
        in html
    )
    assert (
        "&copy; Commonwealth of Australia. Department of Foreign Affairs and Trade (test)." in html
    )
    footer = html.split('<footer class="site-footer">')[1]
    assert '<nav aria-label="Footer">' in footer
    assert '<a href="https://www.dfat.gov.au/privacy">Privacy</a>' in footer
    assert '<a href="/">Home</a>' in footer


@pytest.mark.parametrize(
    "group_name", [services.EDITORS, services.MODERATORS, services.DOCUMENT_MANAGERS]
)
def test_other_groups_cannot_change_the_settings(client, governed_site, make_member, group_name):
    sign_in_verified(client, make_member(group_name))
    response = client.post(settings_url(), settings_form("Hijacked department"))
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert not PortalSettings.objects.filter(department_name="Hijacked department").exists()
    client.logout()
    assert "Hijacked department" not in client.get("/").content.decode()


def test_the_department_name_falls_back_to_the_django_setting(client, governed_site, settings):
    settings.PORTAL_DEPARTMENT_NAME = "Fallback department"
    html = client.get("/").content.decode()
    assert '<span class="site-header__name">Fallback department</span>' in html
    assert '<nav aria-label="Footer">' not in html


def test_a_footer_link_needs_exactly_one_target(governed_site, client, make_member):
    block = FooterLinkBlock()
    for value in (
        {"label": "Both", "page": governed_site, "url": "https://example.org"},
        {"label": "Neither", "page": None, "url": ""},
    ):
        with pytest.raises(StructBlockValidationError) as raised:
            block.clean(block.to_python({**value, "page": getattr(value["page"], "pk", None)}))
        assert "Choose a page or give a web address" in str(raised.value.block_errors["page"])
    sign_in_verified(client, make_member(services.SITE_ADMINISTRATORS))
    response = client.post(
        settings_url(),
        settings_form("Department", [{"label": "Neither", "page": "", "url": ""}]),
    )
    assert response.status_code == 200
    assert "Choose a page or give a web address, but not both." in response.content.decode()
    assert not PortalSettings.objects.filter(department_name="Department").exists()


def test_editors_have_the_userbar_with_the_accessibility_checker(client, governed_site, editor):
    sign_in_verified(client, editor)
    html = client.get("/").content.decode()
    assert "<wagtail-userbar" in html
    assert 'id="checker-axe-configuration"' in html  # the content checker's settings
    client.logout()
    assert "<wagtail-userbar" not in client.get("/").content.decode()
