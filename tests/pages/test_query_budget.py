"""Topic and forum pages read a fixed number of queries, however many records they show."""

import itertools
import re
import string
import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Page

from pages.models import (
    ForumCoChair,
    ForumMemberGovernment,
    ForumMemberOrganisation,
    ForumMilestone,
    ForumPage,
    TopicContact,
    TopicPage,
    TopicRelatedForum,
    WorkingGroupCoChair,
    WorkingGroupPage,
)
from records.models import (
    ContactChannel,
    ContactPoint,
    Country,
    DocumentCategory,
    Organisation,
    Role,
)

# The topic page below is deliberately heavy: three sections each with a role, working-group list,
# member-organisations list and contact block, plus 30 contacts and 30 documents. Each block costs a
# fixed few queries; records never add any.
QUERY_BUDGET = 50


def country_codes(count):
    pairs = itertools.product("QX", string.ascii_uppercase)
    return ["".join(pair) for pair in itertools.islice(pairs, count)]


def published(record):
    record.save()
    record.save_revision().publish()
    return record


def make_forum(home, size, countries, organisations):
    forum = ForumPage(
        title=f"Forum with {size}",
        slug=f"forum-{size}",
        full_name=f"Forum with {size} of everything",
        member_governments_complete=True,
        member_organisations_complete=True,
    )
    forum.co_chairs = [ForumCoChair(country=country) for country in countries[:size]]
    forum.member_governments = [ForumMemberGovernment(country=c) for c in countries[:size]]
    forum.member_organisations = [
        ForumMemberOrganisation(organisation=o) for o in organisations[:size]
    ]
    forum.milestones = [
        ForumMilestone(date=f"{2000 + number}-02-10", title=f"Meeting {number}")
        for number in range(size)
    ]
    home.add_child(instance=forum)
    forum.save_revision().publish()
    for number in range(size):
        group = WorkingGroupPage(title=f"Working Group {number}", slug=f"group-{number}")
        group.co_chairs = [
            WorkingGroupCoChair(country=countries[number], lead_agency=organisations[number]),
            WorkingGroupCoChair(country=countries[(number + 1) % size]),
        ]
        forum.add_child(instance=group)
        group.save_revision().publish()
    return forum


def make_topic(home, size, forum, role, category):
    documents = []
    for number in range(size):
        document = get_document_model()(title=f"Report {number}")
        document.file.save(f"report-{size}-{number}.txt", ContentFile(b"A real text file.\n"))
        documents.append(document)
    contacts = []
    for number in range(size):
        contact = ContactPoint(
            label=f"Office {size}-{number}",
            recipient_role=role,
            suburb="Barton",
            state="ACT",
            postcode="0221",
        )
        contact.channels = [
            ContactChannel(kind="phone", value="+61 2 6261 1111"),
            ContactChannel(kind="email", value=f"office{number}@example.gov.au"),
        ]
        contacts.append(published(contact))
    body = [
        {
            "type": "section",
            "value": {
                "heading": f"Section {number}",
                "anchor": "",
                "content": [
                    {"type": "role", "value": {"role": role.pk, "show_description": True}},
                    {"type": "working_groups", "value": {"forum": forum.pk}},
                    {"type": "member_organisations", "value": {"forum": forum.pk}},
                    {"type": "contact", "value": {"contact": contacts[0].pk}},
                ],
            },
        }
        for number in range(3)
    ]
    body.append(
        {
            "type": "section",
            "value": {
                "heading": "Documents",
                "anchor": "",
                "content": [
                    {
                        "type": "key_documents",
                        "value": {
                            "groups": [
                                {
                                    "type": "item",
                                    "id": str(uuid.uuid4()),
                                    "value": {
                                        "heading": "",
                                        "category": category.pk,
                                        "items": [
                                            {
                                                "type": "document",
                                                "value": {"document": d.pk, "note": ""},
                                            }
                                            for d in documents
                                        ],
                                    },
                                }
                            ]
                        },
                    }
                ],
            },
        }
    )
    topic = TopicPage(title=f"Topic with {size}", slug=f"topic-{size}", lead_role=role, body=body)
    topic.related_forums = [TopicRelatedForum(forum=forum)]
    topic.contacts = [TopicContact(contact_point=contact) for contact in contacts]
    home.add_child(instance=topic)
    topic.save_revision().publish()
    return topic


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.fixture
def small_and_large(seeded_site, settings):
    # Measure the render itself, not a page-cache or content-cache hit.
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    countries = [
        published(Country(name=f"Country {code}", iso_code=code)) for code in country_codes(30)
    ]
    organisations = [
        published(Organisation(name=f"Organisation {number}", acronym=f"O{number}"))
        for number in range(30)
    ]
    role = Role.objects.get()
    category = DocumentCategory.objects.first()
    built = {}
    for size in (3, 30):
        forum = make_forum(seeded_site, size, countries, organisations)
        topic = make_topic(seeded_site, size, forum, role, category)
        built[size] = (forum, topic)
    return built


@pytest.mark.django_db
def test_forum_page_queries_do_not_grow_with_records(
    small_and_large, client, django_assert_max_num_queries
):
    small, large = small_and_large[3][0], small_and_large[30][0]
    client.get(small.url)  # warm the site and content type caches
    small_count, small_response = count_queries(client, small.url)
    with django_assert_max_num_queries(QUERY_BUDGET):
        large_count, large_response = count_queries(client, large.url)
    assert small_count == large_count, (small_count, large_count)
    print(f"forum page: {large_count} queries for 3 and for 30 records")
    assert large_response.content.decode().count("co-chaired by") == 30
    assert 'data-count="member-governments">30<' in large_response.content.decode()


@pytest.mark.django_db
def test_topic_page_queries_do_not_grow_with_records(
    small_and_large, client, django_assert_max_num_queries
):
    small, large = small_and_large[3][1], small_and_large[30][1]
    client.get(small.url)
    small_count, _ = count_queries(client, small.url)
    with django_assert_max_num_queries(QUERY_BUDGET):
        large_count, large_response = count_queries(client, large.url)
    assert small_count == large_count, (small_count, large_count)
    print(f"topic page: {large_count} queries for 3 and for 30 records")
    markup = large_response.content.decode()
    assert markup.count("<address>") == 30 + 3
    assert markup.count('class="document-link__title"') == 30
    assert markup.count("co-chaired by") == 3 * 30 + 1


# The seeded topic page, rendered cold (both caches off), as `make bench` and
# bench/profile_render.py measure it: site, routing (3), view restrictions (2), settings, AGLS
# subjects, main navigation, related forums (ids, forums, co-chairs), lead role, contacts (links
# with their contact points, channels), section navigation, body blocks (role, pages: 2), working
# groups (groups, co-chairs) and the change history. Breadcrumbs reuse the site's root page.
# Listings of public pages carry the privacy filter as a subquery (`sitewide.selectors.live_public`)
# rather than reading every view restriction first; docs/performance.md has the history.
SEEDED_TOPIC_COLD_QUERIES = 22


@pytest.mark.django_db
def test_the_seeded_topic_page_renders_cold_in_a_known_number_of_queries(
    seeded_site, client, settings
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    client.get("/people-smuggling/")  # warm the content type cache
    count, response = count_queries(client, "/people-smuggling/")
    assert count == SEEDED_TOPIC_COLD_QUERIES
    markup = response.content.decode()
    assert markup.count("<address>") == 1
    assert "co-chaired by" in markup


def breadcrumb_links(markup):
    start = markup.index('aria-label="Breadcrumb"')
    nav = markup[start : markup.index("</nav>", start)]
    return re.findall(r'<a href="([^"]+)"', nav)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/people-smuggling/", "/bali-process/", "/bali-process/working-group-trafficking-persons/"],
)
def test_breadcrumbs_list_every_ancestor_below_the_root(seeded_site, client, settings, url):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    page = Page.objects.get(url_path=f"/{seeded_site.slug}{url}")
    expected = [ancestor.url for ancestor in page.get_ancestors()[1:]] + [page.url]
    response = client.get(url)
    assert response.status_code == 200
    assert breadcrumb_links(response.content.decode()) == expected
