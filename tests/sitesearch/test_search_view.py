"""The public /search/ page: what it finds, what it never shows, and how it shows results."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, Page

from keydocs.labels import document_meta
from pages.models import TopicPage, WorkingGroupPage
from records.models import Country, Organisation, Role

from .conftest import SEARCH_URL, restrict_page, result_titles, search


@pytest.mark.django_db
def test_a_live_public_page_is_found_with_kind_date_and_marked_excerpt(client, make_page):
    make_page("Glimmerwick cooperation", "Australia works with zorbic partners against smuggling.")
    html = search(client, q="zorbic")
    assert result_titles(html) == ["Glimmerwick cooperation"]
    assert "1 result for “zorbic”" in html
    assert '<span class="search-result__kind">Page</span>' in html
    assert re.search(r'Updated <time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} \w+ \d{4}</time>', html)
    assert "works with <mark>zorbic</mark> partners against" in html


@pytest.mark.django_db
def test_a_private_page_never_appears_not_even_its_title(client, make_page):
    private = make_page("Zanzibar embargo briefing", "Restricted zanzibar material.")
    restrict_page(private)
    child = make_page("Zanzibar child notes", "More zanzibar.", parent=private)
    html = search(client, q="zanzibar")
    assert "No results for “zanzibar”" in html
    assert "Zanzibar embargo briefing" not in html
    assert child.title not in html


@pytest.mark.django_db
def test_a_draft_page_is_not_found(client, make_page):
    make_page("Quokka draft", "Unpublished quokka text.", publish=False)
    assert "No results" in search(client, q="quokka")


@pytest.mark.django_db
def test_unpublishing_removes_a_page_from_results(client, make_page):
    page = make_page("Wombat policy", "Wombat details.")
    assert result_titles(search(client, q="wombat")) == ["Wombat policy"]
    page.unpublish()
    assert result_titles(search(client, q="wombat")) == []


@pytest.mark.django_db
def test_draft_changes_stay_out_of_results_until_published(client, make_page):
    page = make_page("Numbat page", "Original numbat summary.")
    page.summary = "Secret platypus wording still in draft."
    page.save_revision()
    assert result_titles(search(client, q="platypus")) == []
    page.get_latest_revision().publish()
    assert result_titles(search(client, q="platypus")) == ["Numbat page"]


@pytest.mark.django_db
def test_moving_a_page_under_a_private_page_removes_it(client, make_page):
    private = make_page("Private area", "Nothing here.")
    restrict_page(private)
    page = make_page("Bilby guidance", "Bilby text.")
    assert result_titles(search(client, q="bilby")) == ["Bilby guidance"]
    page.move(private, pos="last-child")
    assert result_titles(search(client, q="bilby")) == []


@pytest.mark.django_db
def test_deleting_a_page_removes_it(client, make_page):
    page = make_page("Dugong notes", "Dugong text.")
    page.delete()
    assert result_titles(search(client, q="dugong")) == []


@pytest.mark.django_db
def test_editing_and_republishing_updates_results(client, make_page):
    page = make_page("Echidna page", "About spiny anteaters.")
    page.title = "Renamed cassowary page"
    page.save_revision().publish()
    assert result_titles(search(client, q="echidna")) == []
    assert result_titles(search(client, q="cassowary")) == ["Renamed cassowary page"]


@pytest.mark.django_db
def test_a_public_document_is_found_with_file_type_and_size(client, home, make_document):
    document = make_document("Quillforth Declaration 2016")
    html = search(client, q="quillforth")
    assert result_titles(html) == ["Quillforth Declaration 2016"]
    assert f'<a href="{document.url}">' in html
    assert re.search(r"Document \(PDF, \d+(\.\d)? (bytes|KB)(, 1 page)?\)", html)
    uploaded_on = timezone.localdate(document.created_at)
    assert (
        f'Published <time datetime="{uploaded_on:%Y-%m-%d}">'
        f"{uploaded_on.day} {uploaded_on:%B %Y}</time>"
    ) in html


@pytest.mark.django_db
def test_a_document_shows_its_publication_date_and_facts(client, home, make_document):
    document = make_document("Quillforth annual report")
    document.publication_date = datetime.date(2023, 2, 10)
    document.page_count = 2
    document.save()
    html = search(client, q="quillforth")
    assert f"Document ({document_meta(document)})" in html
    assert re.search(r"Document \(PDF, \d+(\.\d)? (bytes|KB), 2 pages\)", html)
    assert 'Published <time datetime="2023-02-10">10 February 2023</time>' in html


@pytest.mark.django_db
def test_a_private_collection_document_never_appears(
    client, home, make_document, private_collection
):
    make_document("Kookaburra cable", collection=private_collection)
    nested = private_collection.add_child(name="Inner")
    make_document("Kookaburra annex", collection=nested)
    html = search(client, q="kookaburra")
    assert "No results" in html
    assert "Kookaburra" not in html.replace("“kookaburra”", "")


@pytest.mark.django_db
def test_moving_a_document_into_a_private_collection_removes_it(
    client, home, make_document, private_collection
):
    document = make_document("Galah report")
    assert result_titles(search(client, q="galah")) == ["Galah report"]
    document.collection = private_collection
    document.save()
    assert result_titles(search(client, q="galah")) == []


@pytest.mark.django_db
def test_replacing_a_document_reindexes_it(client, home, make_document):
    document = make_document("Lorikeet paper")
    document.title = "Rosella paper"
    document.save()
    assert result_titles(search(client, q="lorikeet")) == []
    assert result_titles(search(client, q="rosella")) == ["Rosella paper"]


@pytest.mark.django_db
def test_deleting_a_document_removes_it(client, home, make_document):
    make_document("Currawong memo").delete()
    assert result_titles(search(client, q="currawong")) == []


@pytest.mark.django_db
def test_published_organisations_are_found_drafts_are_not(client, home):
    organisation = Organisation(name="Quibblestone Institute for Migration", acronym="QIFM")
    organisation.save()
    organisation.save_revision().publish()
    draft = Organisation(name="Draft Quibblestone Body", acronym="DQB", live=False)
    draft.save()
    html = search(client, q="quibblestone")
    assert result_titles(html) == ["Quibblestone Institute for Migration (QIFM)"]
    assert '<span class="search-result__kind">Organisation</span>' in html
    assert "Draft Quibblestone Body" not in html
    assert result_titles(search(client, q="qifm")) == [
        "Quibblestone Institute for Migration (QIFM)"
    ]


@pytest.mark.django_db
def test_seeded_organisations_and_countries_are_found(client, home):
    iom = Organisation.objects.get(acronym="IOM")
    assert str(iom) in result_titles(search(client, q="iom", kind="organisation"))
    assert result_titles(search(client, q="indonesia", kind="country")) == ["Indonesia"]


@pytest.mark.django_db
def test_results_mix_kinds_and_the_kind_filter_narrows_them(client, make_page, make_document):
    make_page("Vorplund partnership", "Work with Vorplund.")
    make_document("Vorplund agreement")
    country = Country(name="Vorplund", iso_code="XV")
    country.save()
    country.save_revision().publish()
    html = search(client, q="vorplund")
    assert "3 results" in html
    assert set(result_titles(html)) == {"Vorplund partnership", "Vorplund agreement", "Vorplund"}
    assert result_titles(search(client, q="vorplund", kind="document")) == ["Vorplund agreement"]
    assert result_titles(search(client, q="vorplund", kind="country")) == ["Vorplund"]


@pytest.mark.django_db
def test_html_in_content_is_escaped_around_the_marks(client, make_page):
    make_page("Escaping test", '<script>alert("owned")</script> Palermo <img src=x onerror=1>')
    html = search(client, q="palermo")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; "
        "<mark>Palermo</mark> &lt;img src=x onerror=1&gt;"
    ) in html


@pytest.mark.django_db
def test_html_in_the_query_is_escaped_wherever_it_is_repeated(client, home):
    html = search(client, q='"><script>alert(1)</script>')
    assert "<script>alert(1)" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "No results for “&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;”" in html


@pytest.mark.django_db
def test_empty_query_shows_a_prompt_and_no_results(client, home):
    html = search(client, q="   ")
    assert "Type one or more words to search" in html
    assert "result" not in html.split("</form>")[1]


@pytest.mark.django_db
def test_search_page_without_a_query_shows_only_the_form(client, home):
    html = search(client)
    assert '<label for="search-q">Search this section</label>' in html
    assert "Type one or more words" not in html


@pytest.mark.django_db
def test_no_results_message(client, home):
    html = search(client, q="xylophone")
    assert "No results for “xylophone”" in html
    assert "Check the spelling" in html


@pytest.mark.django_db
def test_pagination_moves_through_results_and_clamps_bad_pages(client, make_page):
    for number in range(23):
        make_page(f"Koala report {number:02}", "Koala findings.")
    first = search(client, q="koala")
    assert "23 results" in first
    assert len(result_titles(first)) == 10
    assert "Page 1 of 3" in first
    assert 'rel="next" href="?q=koala&amp;page=2"' in first
    third = search(client, q="koala", page="3")
    assert len(result_titles(third)) == 3
    assert '<ol class="search-results" start="21">' in third
    seen = set(result_titles(first)) | set(result_titles(search(client, q="koala", page="2")))
    assert len(seen | set(result_titles(third))) == 23

    beyond = search(client, q="koala", page="99999")
    assert "There is no page 99999 of these results, so page 3 is shown." in beyond
    assert result_titles(beyond) == result_titles(third)
    for bad in ("-1", "0", "abc", "1.5", "9" * 50):
        html = search(client, q="koala", page=bad)
        assert result_titles(html), bad
    assert "is not a page number, so the first page is shown" in search(
        client, q="koala", page="abc"
    )


@pytest.mark.django_db
def test_unknown_filters_are_ignored_with_a_message(client, make_page):
    make_page("Emu page", "Emu text.")
    html = search(client, q="emu", kind="spaceship", category="<nope>")
    assert "There is no “spaceship” filter, so all results are shown." in html
    assert "There is no “&lt;nope&gt;” document category" in html
    assert result_titles(html) == ["Emu page"]


@pytest.mark.django_db
def test_results_page_has_one_h1_and_a_labelled_form(client, make_page):
    make_page("Heading order", "Accessible heading text.")
    html = search(client, q="accessible")
    assert html.count("<h1") == 1
    assert '<form class="site-search"' in html and 'role="search"' in html
    assert '<label for="search-kind">Show</label>' in html
    assert '<ol class="search-results"' in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.django_db
def test_query_count_is_bounded(client, make_page, make_document, django_assert_max_num_queries):
    for number in range(12):
        make_page(f"Bounded {number}", "Bounded summary.")
        make_document(f"Bounded document {number}")
    with django_assert_max_num_queries(20):
        response = client.get(SEARCH_URL, {"q": "bounded"})
    assert response.status_code == 200


def make_result_of_every_kind(make_page, make_document, number):
    """One page, document, working group, role, organisation and country named "Snorkwood"."""
    make_page(f"Snorkwood page {number}", "Snorkwood summary.")
    make_document(f"Snorkwood document {number}")
    forum = Page.objects.get(slug="bali-process")
    group = WorkingGroupPage(title=f"Snorkwood working group {number}", summary="Snorkwood.")
    forum.add_child(instance=group)
    group.save_revision().publish()
    role = Role(title=f"Snorkwood envoy {number}")
    role.save()
    role.save_revision().publish()
    topic = TopicPage(title=f"Snorkwood topic {number}", summary="Topic.", lead_role=role)
    Page.objects.get(slug="people-smuggling").add_child(instance=topic)
    topic.save_revision().publish()
    for model, fields in (
        (Organisation, {"name": f"Snorkwood agency {number}", "acronym": f"SNK{number}"}),
        (Country, {"name": f"Snorkwood isle {number}", "iso_code": f"Q{number}"}),
    ):
        record = model(**fields)
        record.save()
        record.save_revision().publish()


@pytest.mark.django_db
def test_more_results_of_every_kind_do_not_add_queries(
    client, make_page, make_document, django_assert_max_num_queries
):
    make_result_of_every_kind(make_page, make_document, 0)
    kinds = ["", "page", "document", "working-group", "role", "organisation", "country"]
    queries_for_one = {}
    for kind in kinds:
        with CaptureQueriesContext(connection) as captured:
            html = search(client, q="snorkwood", kind=kind)
        queries_for_one[kind] = len(captured)
    assert len(result_titles(html)) == 1
    html = search(client, q="snorkwood")
    assert {"Page", "Document", "Working group", "Role", "Organisation", "Country"} == set(
        re.findall(r'<span class="search-result__kind">(\w[\w ]*?)(?: \(|</span>)', html)
    )
    assert 'href="/people-smuggling/snorkwood-topic-0/">Snorkwood envoy 0</a>' in html

    for number in range(1, 4):
        make_result_of_every_kind(make_page, make_document, number)
    for kind in kinds:
        with django_assert_max_num_queries(queries_for_one[kind]):
            html = search(client, q="snorkwood", kind=kind)
        assert len(result_titles(html)) == {"": 10, "page": 8}.get(kind, 4), kind


@pytest.mark.django_db
def test_a_document_is_found_by_a_word_only_in_its_description(client, home, make_document):
    document = make_document("Plain title")
    document.description = "Explains the pelican protocol."
    document.save()
    assert result_titles(search(client, q="pelican")) == ["Plain title"]


def test_collections_fixture_root_exists(db):
    assert Collection.get_first_root_node() is not None
