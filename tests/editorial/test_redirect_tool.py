"""Redirects as one tool: site paths in the admin form and in Wagtail's CSV import; no chains."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.contrib.redirects import views as redirect_views
from wagtail.contrib.redirects.models import Redirect

from editorial import services
from editorial.redirect_forms import PortalRedirectForm
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(make_member):
    return make_member(services.SITE_ADMINISTRATORS)


def add(client, old_path, link):
    return client.post(
        reverse("wagtailredirects:add"),
        {"old_path": old_path, "site": "", "is_permanent": "on", "redirect_link": link},
    )


def test_wagtail_builds_our_form_in_its_views_and_importer():
    assert redirect_views.CreateView.form_class is PortalRedirectForm
    assert redirect_views.EditView.form_class is PortalRedirectForm
    assert redirect_views.RedirectForm is PortalRedirectForm


def test_the_form_accepts_a_site_path_and_the_redirect_works(client, site_admin):
    sign_in_verified(client, site_admin)
    response = add(client, "/old-contact", "/contact-us/")
    assert response.status_code == 302
    redirect = Redirect.objects.get(old_path="/old-contact")
    assert redirect.redirect_link == "/contact-us/"
    followed = client.get("/old-contact/")
    assert followed.status_code == 301 and followed["Location"] == "/contact-us/"


@pytest.mark.parametrize(
    "link, message",
    [
        ("contact-us", "Enter a path on this site"),
        ("//evil.example/", "Enter a path on this site"),
        ("javascript:alert(1)", "Enter a path on this site"),
        ("/a path/", "Enter a path on this site"),
        ("/old-contact/", "to itself"),
    ],
)
def test_bad_targets_and_loops_get_a_clear_error(client, site_admin, link, message):
    sign_in_verified(client, site_admin)
    response = add(client, "/old-contact", link)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors)
    assert not Redirect.objects.filter(old_path="/old-contact").exists()


def test_chains_are_refused_both_ways(client, site_admin):
    sign_in_verified(client, site_admin)
    assert add(client, "/a", "/b/").status_code == 302
    # /c → /a would send visitors /c → /a → /b.
    onward = add(client, "/c", "/a/")
    assert "is itself redirected" in str(onward.context["form"].errors)
    # /b → /d would make /a → /b → /d.
    incoming = add(client, "/b", "/d/")
    assert "/a already redirects here" in str(incoming.context["form"].errors)
    # /b → /a would close a loop.
    loop = add(client, "/b", "/a/")
    assert "already redirects here" in str(loop.context["form"].errors)
    assert Redirect.objects.count() == 1


def import_csv(client, content: bytes):
    """Run Wagtail's own two-step import: upload, then confirm the columns."""
    upload = client.post(
        reverse("wagtailredirects:start_import"),
        {"import_file": SimpleUploadedFile("redirects.csv", content, "text/csv")},
    )
    assert upload.status_code == 200
    form = upload.context["form"]
    data = {
        "import_file_name": form["import_file_name"].value(),
        "input_format": form["input_format"].value(),
        "from_index": 0,
        "to_index": 1,
        "permanent": "on",
        "site": "",
    }
    return client.post(reverse("wagtailredirects:process_import"), data)


def test_the_csv_import_accepts_site_paths_with_errors_per_row(client, site_admin):
    sign_in_verified(client, site_admin)
    Redirect.objects.create(old_path="/taken", redirect_link="/contact-us/")
    content = (
        b"from,to\n"
        b"/legacy/people-smuggling,/people-smuggling/\n"
        b"/legacy/bali,https://www.baliprocess.net/\n"
        b"/legacy/bad,not a path\n"
        b"/legacy/chain,/taken/\n"
    )
    response = import_csv(client, content)
    assert response.status_code == 200
    summary = response.context["import_summary"]
    assert summary["successes"] == 2 and summary["errors_count"] == 2
    errors = {row[0]: row[2] for row in summary["errors"]}
    assert "Enter a path on this site" in errors["/legacy/bad"]
    assert "is itself redirected" in errors["/legacy/chain"]
    html = re.sub(r"\s+", " ", response.content.decode())
    assert "/legacy/bad" in html and "Enter a path on this site" in html
    assert Redirect.objects.get(old_path="/legacy/people-smuggling").redirect_link == (
        "/people-smuggling/"
    )
