"""Search across what the portal holds: words inside uploaded files, former role titles, kinds."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.actions.publish_revision import PublishPermissionError

from editorial.services import MODERATORS, governance_ensure
from keydocs.models import KeyDocument
from pages.models import WorkingGroupPage
from records.models import DocumentCategory, Role
from records.services import role_rename
from tests.keydocs.conftest import make_docx, make_pdf, upload

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("sitesearch:search")


def results(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r'<h3 class="search-result__title">(.*?)</h3>', html, re.S)
    ]


@pytest.fixture
def uploaded(editor_client, media_root, approve_document):
    """Upload a file through the admin's add view as an editor would, and have it scanned and
    approved (only approved documents are searchable); return the document."""

    def upload_document(title, name, content, **fields):
        response = editor_client.post(
            reverse("wagtaildocs:add"), {"title": title, "file": upload(name, content), **fields}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return approve_document(KeyDocument.objects.get(title=title))

    return upload_document


def test_a_phrase_only_inside_an_uploaded_pdf_is_found(client, seeded_site, uploaded):
    uploaded("Regional returns report", "returns.pdf", make_pdf(text="quokka reintegration pilot"))
    html = results(client, q="quokka reintegration")
    assert result_titles(html) == ["Regional returns report"]
    assert "PDF" in html
    assert "<mark>quokka</mark>" in html


def test_a_phrase_only_inside_an_uploaded_docx_is_found(client, seeded_site, uploaded):
    uploaded("Partnership notes", "notes.docx", make_docx(text="wombat supply chain audit"))
    assert result_titles(results(client, q="wombat supply")) == ["Partnership notes"]


def test_a_former_role_title_finds_the_role_and_links_to_its_page(client, seeded_site):
    html = results(client, q="Ambassador for People Smuggling", kind="role")
    assert result_titles(html) == [
        "Ambassador to Counter Modern Slavery, People Smuggling and Human Trafficking"
    ]
    assert 'href="/people-smuggling/"' in html


@pytest.fixture
def moderator(seeded_site, django_user_model):
    """A user in the Moderators group, who may publish records such as roles."""
    governance_ensure()
    user = django_user_model.objects.create_user(username="moderator", password="pw-moderator-1")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def test_an_editor_may_not_publish_a_renamed_role_and_search_keeps_the_old_title(
    client, seeded_site, editor
):
    governance_ensure()
    with pytest.raises(PublishPermissionError):
        role_rename(role=Role.objects.get(), new_title="Ambassador for Freedom", user=editor)
    assert Role.objects.get().title != "Ambassador for Freedom"
    assert result_titles(results(client, q="Freedom", kind="role")) == []


def test_a_renamed_role_is_found_by_both_its_titles(client, moderator):
    role = Role.objects.get()
    role_rename(role=role, new_title="Ambassador for Freedom", effective_date=None, user=moderator)
    assert "Ambassador for Freedom" in result_titles(results(client, q="Freedom", kind="role"))
    former = results(client, q="Counter Modern Slavery", kind="role")
    assert "Ambassador for Freedom" in result_titles(former)


def test_working_groups_have_their_own_kind_filter(client, seeded_site):
    html = results(client, q="Trafficking", kind="working-group")
    titles = result_titles(html)
    assert "Working Group on Trafficking in Persons" in titles
    assert set(titles) <= set(WorkingGroupPage.objects.values_list("title", flat=True))


def test_category_filter_limits_documents_to_that_category(client, seeded_site, uploaded):
    trafficking = DocumentCategory.objects.get(slug="human-trafficking")
    uploaded("Labour report", "labour.pdf", make_pdf(text="numbat labour"), category=trafficking.pk)
    uploaded("Border report", "border.pdf", make_pdf(text="numbat border"))
    filtered = results(client, q="numbat", kind="document", category="human-trafficking")
    assert result_titles(filtered) == ["Labour report"]


def test_document_results_show_the_publication_date_and_file_facts(client, seeded_site, uploaded):
    uploaded(
        "Dated strategy",
        "dated.pdf",
        make_pdf(pages=2, text="bilby strategy"),
        publication_date="2022-03-25",
    )
    html = results(client, q="bilby")
    assert "25 March 2022" in html
    assert "PDF" in html and "2 pages" in html
