"""Automatic redirects on slug change and move; all-or-nothing CSV import of legacy paths."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect

from editorial import services
from tests.staff import sign_in_verified

from .conftest import add_child_page

pytestmark = pytest.mark.django_db


def test_changing_a_slug_redirects_the_old_address(
    client, governed_site, django_capture_on_commit_callbacks
):
    page = add_child_page(governed_site, "Working groups", slug="wg")
    page.slug = "working-groups"
    # Wagtail announces the slug change once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    redirect = Redirect.objects.get(old_path="/wg")
    assert redirect.redirect_page_id == page.pk
    response = client.get("/wg/")
    assert response.status_code == 301
    assert response["Location"] == "/working-groups/"


def test_moving_a_page_in_the_admin_redirects_the_old_address(client, governed_site, moderator):
    old_parent = add_child_page(governed_site, "Forums")
    new_parent = add_child_page(governed_site, "Regional cooperation")
    page = add_child_page(old_parent, "Bali Process")
    sign_in_verified(client, moderator)
    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, new_parent.pk])
    )
    assert response.status_code == 302
    response = client.get("/forums/bali-process/")
    assert response.status_code == 301
    assert response["Location"] == "/regional-cooperation/bali-process/"


LEGACY_CSV = """old_path,new_path
/international-relations/people-smuggling,/forums/
https://www.dfat.gov.au/international-relations/modern-slavery?ref=nav,/forums/bali-process/
/old/aus-policy.pdf,https://www.homeaffairs.gov.au/policy
"""


def test_a_legacy_csv_imports_permanent_redirects(client, governed_site):
    forums = add_child_page(governed_site, "Forums")
    bali = add_child_page(forums, "Bali Process")
    result = services.redirects_import(data=LEGACY_CSV.encode())
    assert (result.created, result.updated) == (3, 0)
    assert (
        Redirect.objects.get(old_path="/international-relations/people-smuggling").redirect_page_id
        == forums.pk
    )
    modern = Redirect.objects.get(old_path="/international-relations/modern-slavery?ref=nav")
    assert modern.redirect_page_id == bali.pk
    external = Redirect.objects.get(old_path="/old/aus-policy.pdf")
    assert external.redirect_link == "https://www.homeaffairs.gov.au/policy"
    assert all(redirect.is_permanent for redirect in Redirect.objects.all())
    response = client.get("/international-relations/people-smuggling")
    assert (response.status_code, response["Location"]) == (301, "/forums/")

    again = services.redirects_import(data=LEGACY_CSV.encode())
    assert (again.created, again.updated) == (0, 3)
    assert Redirect.objects.count() == 3


@pytest.mark.parametrize(
    ("csv_text", "expected_messages"),
    [
        (
            "from,to\n/a,/b\n",
            ["Row 1 (header): missing column old_path, new_path"],
        ),
        (
            "old_path,new_path\n/ok,/fine/\nno-slash,/b/\n/c,javascript:alert(1)\n/d,/d\n/ok,/other/\n",
            [
                "Row 3, column old_path: “no-slash” must start with / or https://.",
                "Row 4, column new_path: “javascript:alert(1)” must be a path",
                "Row 5, column new_path: redirects /d to itself.",
                "Row 6, column old_path: /ok is already redirected on row 2.",
            ],
        ),
        ("old_path,new_path\n,/somewhere/\n", ["Row 2, column old_path: give the legacy path"]),
        ("old_path,new_path\n/a,/b/,extra\n", ["Row 2: more values than the 2 columns."]),
        ("old_path,new_path\n", ["The file has a header but no redirects."]),
        ("", ["Row 1 (header): missing column old_path, new_path"]),
    ],
)
def test_a_malformed_csv_names_every_problem_and_imports_nothing(
    governed_site, csv_text, expected_messages
):
    with pytest.raises(services.RedirectImportError) as raised:
        services.redirects_import(data=csv_text.encode())
    for expected in expected_messages:
        assert any(expected in error for error in raised.value.errors), raised.value.errors
    assert Redirect.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused_clearly(governed_site):
    with pytest.raises(services.RedirectImportError, match="not UTF-8 text"):
        services.redirects_import(data="old_path,new_path\n/caf\xe9,/b/\n".encode("latin-1"))
    assert Redirect.objects.count() == 0


def test_the_command_imports_and_reports(governed_site, tmp_path, capsys):
    csv_file = tmp_path / "legacy.csv"
    csv_file.write_text(LEGACY_CSV, encoding="utf-8")
    call_command("import_legacy_redirects", str(csv_file))
    assert "Imported redirects: 3 new, 0 updated." in capsys.readouterr().out


def test_the_command_rolls_back_a_half_good_file(governed_site, tmp_path):
    csv_file = tmp_path / "legacy.csv"
    csv_file.write_text("old_path,new_path\n/good,/b/\n/bad,ftp://example.org\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_legacy_redirects", str(csv_file))
    message = str(raised.value)
    assert "Nothing imported from" in message
    assert "Row 3, column new_path" in message
    assert not Redirect.objects.filter(old_path="/good").exists()


def test_the_command_refuses_a_missing_file_or_site(governed_site, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_legacy_redirects", str(tmp_path / "missing.csv"))
    csv_file = tmp_path / "legacy.csv"
    csv_file.write_text(LEGACY_CSV, encoding="utf-8")
    with pytest.raises(CommandError, match="No site with hostname"):
        call_command("import_legacy_redirects", str(csv_file), site="nowhere.example")
