"""The read API: only live, public, approved content, hard limits, fixed query counts,
read-only CORS, and a clear 400 for every hostile query parameter."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages.models import ForumPage, StandardPage, WorkingGroupPage
from records.models import Country, Organisation, Role
from tests.support.outbox import apply_recorded_purges

from .conftest import TOKEN, publish

ENDPOINTS = [
    "pages",
    "documents",
    "countries",
    "organisations",
    "roles",
    "working-groups",
    "forums",
]
PAGE_TYPES = [
    "pages.HomePage",
    "pages.TopicPage",
    "pages.ForumPage",
    "pages.WorkingGroupPage",
    "pages.StandardPage",
    "pages.ContactPage",
    "pages.KeyDocumentsPage",
]


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def crawl(client):
    """Every list and every item's detail, with every field, as raw response bodies by URL."""
    bodies = {}
    lists = [f"/api/v2/{name}/?limit=100&fields=*" for name in ENDPOINTS]
    lists += [f"/api/v2/pages/?type={page_type}&limit=100&fields=*" for page_type in PAGE_TYPES]
    details = set()
    for url in lists:
        response, data = get_json(client, url)
        bodies[url] = response.content.decode()
        for item in data["items"]:
            details.add(item["meta"]["detail_url"].removeprefix("http://testserver") + "?fields=*")
    for url in sorted(details):
        response, _data = get_json(client, url)
        bodies[url] = response.content.decode()
    return bodies


@pytest.mark.django_db
def test_crawling_the_whole_api_finds_no_private_draft_or_unpublished_content(
    client, private_content, public_document, django_user_model
):
    bodies = crawl(client)
    assert len(bodies) > 30
    leaks = [url for url, body in bodies.items() if TOKEN in body.lower()]
    assert leaks == []
    everything = "\n".join(bodies.values())
    assert public_document.title in everything
    assert "Public page with a draft" in everything
    assert private_content["forum"].title in everything

    staff = django_user_model.objects.create_superuser("api-admin", "a@example.gov.au", "pw")
    client.force_login(staff)
    signed_in = crawl(client)
    assert [url for url, body in signed_in.items() if TOKEN in body.lower()] == []


@pytest.mark.django_db
def test_private_draft_and_unpublished_items_are_not_found_by_id(client, private_content):
    hidden = {
        "pages": [private_content["restricted"].pk, private_content["draft"].pk],
        "documents": [private_content["private_document"].pk],
        "countries": [private_content["country"].pk],
        "organisations": [private_content["organisation"].pk],
        "roles": [Role.objects.get(title__contains=TOKEN).pk],
        "working-groups": [WorkingGroupPage.objects.get(title__contains=TOKEN).pk],
    }
    for endpoint, ids in hidden.items():
        for pk in ids:
            response = client.get(f"/api/v2/{endpoint}/{pk}/")
            assert response.status_code == 404, (endpoint, pk)
            assert json.loads(response.content) == {
                "message": "No item matches the given query."
            } or ("message" in json.loads(response.content))


@pytest.mark.django_db
def test_documents_carry_their_facts(client, private_content, public_document, category):
    _response, data = get_json(client, f"/api/v2/documents/{public_document.pk}/")
    public_document.refresh_from_db()
    assert data["title"] == public_document.title
    assert data["document_type"] == "other"
    assert data["file_type"] == "PDF"
    assert data["mime_type"] == "application/pdf"
    assert data["file_size"] == public_document.file_size > 0
    assert data["page_count"] == 1
    assert data["language"] == "en-AU"
    assert len(data["sha256"]) == 64 and data["sha256"] == public_document.sha256
    assert data["updated"].startswith(timezone.localdate(public_document.live_since).isoformat())
    assert data["category"] == {"id": category.pk, "name": category.name}
    assert data["meta"]["download_url"].endswith(public_document.url)

    _response, listing = get_json(client, "/api/v2/documents/?document_type=other&limit=100")
    assert public_document.pk in [item["id"] for item in listing["items"]]
    _response, none = get_json(client, "/api/v2/documents/?document_type=treaty")
    assert public_document.pk not in [item["id"] for item in none["items"]]


@pytest.mark.django_db
def test_records_roles_working_groups_and_forum_membership(client, private_content):
    role = Role.objects.filter(live=True, organisation__live=True).first()
    _response, data = get_json(client, f"/api/v2/roles/{role.pk}/")
    assert data["title"] == role.title
    assert data["organisation"] == {"id": role.organisation.pk, "name": role.organisation.name}

    group = private_content["group"]
    _response, data = get_json(client, f"/api/v2/working-groups/{group.pk}/")
    expected = [
        co_chair.country.name
        for co_chair in group.co_chairs.filter(country__live=True).order_by("sort_order", "pk")
    ]
    assert expected
    assert [co_chair["country"]["name"] for co_chair in data["co_chair_countries"]] == expected
    assert data["meta"]["html_url"] == group.get_full_url()

    forum = private_content["forum"]
    _response, data = get_json(client, f"/api/v2/forums/{forum.pk}/")
    governments = Country.objects.filter(forum_memberships__page=forum, live=True)
    organisations = Organisation.objects.filter(forum_memberships__page=forum, live=True)
    assert {c["id"] for c in data["member_governments_list"]} == set(
        governments.values_list("pk", flat=True)
    )
    assert {o["id"] for o in data["member_organisations_list"]} == set(
        organisations.values_list("pk", flat=True)
    )
    assert private_content["country"].pk not in {c["id"] for c in data["member_governments_list"]}

    _response, data = get_json(client, f"/api/v2/pages/{forum.pk}/")
    assert data["short_name"] == forum.short_name
    assert isinstance(data["body"], list)
    assert data["meta"]["last_published_at"]


def queries_for(client, url):
    apply_recorded_purges()  # the test's changes commit before this request, as in production
    with CaptureQueriesContext(connection) as queries:
        get_json(client, url)
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "endpoint",
    [
        "pages/?fields=title",
        "pages/?type=pages.StandardPage&fields=*",
        "documents/?fields=*",
        "countries/?fields=*",
        "organisations/?fields=*",
        "roles/?fields=*",
        "working-groups/?fields=*",
        "forums/?fields=*",
    ],
)
def test_a_list_page_costs_the_same_queries_however_many_items_it_holds(
    client, private_content, make_document, endpoint
):
    forum = ForumPage.objects.live().first()
    for number in range(6):
        make_document(f"Report {number}")
        Country.objects.create(name=f"Extra country {number}", iso_code=f"X{number}", live=True)
        Organisation.objects.create(name=f"Extra agency {number}", live=True)
        Role.objects.create(title=f"Extra role {number}", live=True)
        publish(
            forum.add_child(instance=WorkingGroupPage(title=f"Group {number}", slug=f"g-{number}"))
        )
        publish(
            private_content["topic"].add_child(
                instance=StandardPage(title=f"Page {number}", slug=f"p-{number}")
            )
        )
    separator = "&" if "?" in endpoint else "?"
    one = queries_for(client, f"/api/v2/{endpoint}{separator}limit=1")
    many = queries_for(client, f"/api/v2/{endpoint}{separator}limit=50")
    assert one == many
    assert many <= 8


HOSTILE = [
    "limit=-1",
    "limit=abc",
    "limit=100000",
    "limit=1e9",
    "offset=-5",
    "offset=99999999999",
    "offset=" + "9" * 40,
    "type=garbage",
    "type=pages.NoSuchPage",
    "type=../..",
    "fields=../..",
    "fields=*,secret",
    "fields=title(../..)",
    "order=garbage",
    "order=../..",
    "id=abc",
    "search=slavery",
    "search_operator=or",
    "unknown=1",
    "child_of=abc",
    "child_of=99999999999999999999",
    "descendant_of=-1",
    "site=%00",
    "title=%00",
    "type=pages.%00",
]
# Well-formed values that match nothing: an empty list, or a 400, but never a 500.
ODD = ["id=99999999999999999999", "site=nowhere.example", "locale=../..", "order=-id&offset=0"]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_parameters_get_a_clear_400(client, seeded_site, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code == 400, (response.status_code, response.content[:300])
    message = json.loads(response.content)["message"]
    assert message and "Traceback" not in message


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("query", ODD)
def test_odd_query_values_never_fail_with_a_server_error(client, seeded_site, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code in (200, 400, 404), (response.status_code, response.content[:300])
    data = json.loads(response.content)
    assert "items" in data if response.status_code == 200 else "message" in data


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_ids_in_the_path_get_404_not_500(client, seeded_site, endpoint):
    for pk in ("99999999999999999999", "0", "2147483648"):
        response = client.get(f"/api/v2/{endpoint}/{pk}/")
        assert response.status_code in (400, 404), (pk, response.status_code)
        assert "message" in json.loads(response.content)


@pytest.mark.django_db
def test_cors_is_read_only_and_never_sends_credentials(client, seeded_site):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response

    preflight = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Origin"] == "*"

    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v2/pages/", HTTP_ORIGIN="https://example.org")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert client.head("/api/v2/countries/").status_code == 200

    page = client.get("/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page
