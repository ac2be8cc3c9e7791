"""One edit to a record changes every page that shows it; drafts stay off public pages."""

import datetime

import pytest
from wagtail.search.backends import get_search_backend

from pages.models import ForumMemberOrganisation, ForumPage, WorkingGroupCoChair, WorkingGroupPage
from records.models import ContactPoint, Country, Organisation, Role
from records.services import record_publish, role_rename
from tests.records.factories import RoleFactory

from .helpers import get_ok, json_ld, visible_text

AMBASSADOR_TITLE = "Ambassador to Counter Modern Slavery, People Smuggling and Human Trafficking"
AMBASSADOR_FORMER_TITLE = "Ambassador for People Smuggling and Human Trafficking"
PAGES_SHOWING_THE_AMBASSADOR = [
    "/",
    "/people-smuggling/",
    "/human-trafficking-and-modern-slavery/",
    "/contact-us/",
]
PAGES_SHOWING_THE_CONTACT = [
    "/people-smuggling/",
    "/human-trafficking-and-modern-slavery/",
    "/contact-us/",
]
NEW_TITLE = "Ambassador for Migration Integrity"


def role_names_in_json_ld(response):
    names = set()
    for data in json_ld(response):
        names.update(role["roleName"] for role in data.get("employee", []))
        if data.get("@type") == "ContactPoint":
            names.add(data["name"])
    return names


@pytest.mark.django_db
def test_renaming_the_role_changes_heading_and_json_ld_on_every_page(seeded_site, client):
    for url in PAGES_SHOWING_THE_AMBASSADOR:
        response = get_ok(client, url)
        assert f">{AMBASSADOR_TITLE}</h" in response.content.decode(), url
        assert AMBASSADOR_TITLE in role_names_in_json_ld(response), url

    role = Role.objects.get(title=AMBASSADOR_TITLE)
    role_rename(role=role, new_title=NEW_TITLE, effective_date=datetime.date(2030, 7, 1))

    for url in PAGES_SHOWING_THE_AMBASSADOR:
        response = get_ok(client, url)
        markup = response.content.decode()
        assert f">{NEW_TITLE}</h" in markup, url
        assert f">{AMBASSADOR_TITLE}</h" not in markup, url
        names = role_names_in_json_ld(response)
        assert NEW_TITLE in names, url
        assert AMBASSADOR_TITLE not in names, url


@pytest.mark.django_db
def test_renaming_keeps_the_former_titles_with_dates():
    role = RoleFactory(
        title="Envoy for Testing",
        current_title_since=datetime.date(2023, 2, 9),
        title_history=["Former Envoy"],
    )
    role_rename(role=role, new_title=NEW_TITLE, effective_date=datetime.date(2030, 7, 1))
    role.refresh_from_db()
    history = {entry.title: entry for entry in role.title_history.all()}
    assert set(history) == {"Former Envoy", "Envoy for Testing"}
    assert history["Envoy for Testing"].valid_from == datetime.date(2023, 2, 9)
    assert history["Envoy for Testing"].valid_to == datetime.date(2030, 6, 30)
    assert role.current_title_since == datetime.date(2030, 7, 1)


@pytest.mark.django_db
def test_former_title_finds_the_role_in_search():
    """Test hook for the search issue: extend to the public search page once it exists."""
    envoy = RoleFactory(title="Special Envoy Quokka", title_history=[])
    RoleFactory(title="Special Envoy Wombat", title_history=[])
    role_rename(role=envoy, new_title="Special Envoy Numbat")
    backend = get_search_backend()
    assert list(backend.search("Quokka", Role)) == [envoy]
    assert list(backend.search("Numbat", Role)) == [envoy]


@pytest.mark.django_db
def test_renaming_refuses_an_empty_or_unchanged_title():
    from django.core.exceptions import ValidationError

    role = RoleFactory(title="Envoy for Testing")
    with pytest.raises(ValidationError, match="Enter the new title"):
        role_rename(role=role, new_title="  ")
    with pytest.raises(ValidationError, match="same as the current title"):
        role_rename(role=role, new_title="Envoy for Testing")


def publish_page(page):
    page.save_revision().publish()


@pytest.mark.django_db
def test_adding_a_co_chair_changes_the_generated_sentence(seeded_site, client):
    group = WorkingGroupPage.objects.get(slug="working-group-trafficking-persons")
    text = visible_text(get_ok(client, "/bali-process/"))
    assert "Working Group on Trafficking in Persons – co-chaired by Australia and Indonesia" in text

    group.co_chairs.add(
        WorkingGroupCoChair(country=Country.objects.get(iso_code="NZ"), sort_order=2)
    )
    publish_page(group)

    text = visible_text(get_ok(client, "/bali-process/"))
    assert (
        "Working Group on Trafficking in Persons – co-chaired by Australia, Indonesia and "
        "New Zealand" in text
    )
    group_text = visible_text(get_ok(client, group.url))
    assert "Co-chairs Australia, Indonesia and New Zealand" in group_text


@pytest.mark.django_db
def test_adding_a_member_organisation_changes_the_computed_count(seeded_site, client):
    response = get_ok(client, "/bali-process/")
    assert 'data-count="member-organisations">4<' in response.content.decode()
    assert "The Bali Process has four member organisations:" in visible_text(response)

    forum = ForumPage.objects.get(slug="bali-process")
    newcomer = Organisation(name="Example Regional Organisation", kind="intergovernmental")
    newcomer.save()
    record_publish(record=newcomer)
    forum.member_organisations.add(ForumMemberOrganisation(organisation=newcomer, sort_order=4))
    publish_page(forum)

    response = get_ok(client, "/bali-process/")
    assert 'data-count="member-organisations">5<' in response.content.decode()
    text = visible_text(response)
    assert "The Bali Process has five member organisations:" in text
    assert "Example Regional Organisation" in text


@pytest.mark.django_db
def test_incomplete_member_list_states_no_count(seeded_site, client):
    response = get_ok(client, "/bali-process/")
    assert 'data-count="member-governments">45<' in response.content.decode()

    forum = ForumPage.objects.get(slug="bali-process")
    forum.member_governments_complete = False
    publish_page(forum)
    response = get_ok(client, "/bali-process/")
    assert 'data-count="member-governments"' not in response.content.decode()
    assert "The Bali Process’s member governments include:" in visible_text(response)


@pytest.mark.django_db
def test_changing_the_postcode_once_changes_every_page_showing_the_contact(seeded_site, client):
    contact = ContactPoint.objects.get()
    for url in PAGES_SHOWING_THE_CONTACT:
        assert "Barton ACT 0221 Australia" in visible_text(get_ok(client, url)), url

    contact.postcode = "2600"
    record_publish(record=contact)

    for url in PAGES_SHOWING_THE_CONTACT:
        response = get_ok(client, url)
        assert "Barton ACT 2600 Australia" in visible_text(response), url
        assert "0221" not in response.content.decode(), url
        addresses = [d["address"] for d in json_ld(response) if d.get("@type") == "ContactPoint"]
        assert addresses and all(address["postalCode"] == "2600" for address in addresses), url


@pytest.mark.django_db
def test_draft_record_changes_stay_off_public_pages_until_published(seeded_site, client):
    country = Country.objects.get(iso_code="ID")
    contact = ContactPoint.objects.get()
    role = Role.objects.get(title=AMBASSADOR_TITLE)

    country.name = "Republic of Indonesia (draft)"
    country.save_revision()
    contact.postcode = "2999"
    contact.save_revision()
    role.title = "Draft Ambassador title"
    role.save_revision()

    forum_text = visible_text(get_ok(client, "/bali-process/"))
    contact_text = visible_text(get_ok(client, "/contact-us/"))
    assert "co-chaired by Australia and Indonesia" in forum_text
    assert "(draft)" not in forum_text
    assert "0221" in contact_text and "2999" not in contact_text
    assert "Draft Ambassador title" not in contact_text

    country.refresh_from_db()
    country.latest_revision.publish()
    contact.refresh_from_db()
    contact.latest_revision.publish()
    role.refresh_from_db()
    role.latest_revision.publish()

    assert "co-chaired by Australia and Republic of Indonesia (draft)" in visible_text(
        get_ok(client, "/bali-process/")
    )
    contact_text = visible_text(get_ok(client, "/contact-us/"))
    assert "2999" in contact_text
    assert "Draft Ambassador title" in contact_text


@pytest.mark.django_db
def test_unpublished_records_are_not_shown(seeded_site, client):
    country = Country.objects.get(iso_code="LK")
    country.unpublish()
    text = visible_text(get_ok(client, "/bali-process/"))
    assert "Sri Lanka" not in text
    assert "Technical Experts Group on Returns and Reintegration – co-chaired by Australia" in text

    role = Role.objects.get(title=AMBASSADOR_TITLE)
    role.unpublish()
    response = get_ok(client, "/people-smuggling/")
    assert AMBASSADOR_TITLE not in response.content.decode()


@pytest.mark.django_db
def test_a_lead_agency_is_named_beside_its_country(seeded_site, client):
    group = WorkingGroupPage.objects.get(slug="working-group-trafficking-persons")
    australia, indonesia = (co_chair.country for co_chair in group.co_chairs.order_by("sort_order"))
    group.co_chairs = [
        WorkingGroupCoChair(
            country=australia, lead_agency=Organisation.objects.get(acronym="DFAT")
        ),
        WorkingGroupCoChair(country=indonesia),
    ]
    publish_page(group)
    text = visible_text(get_ok(client, group.url))
    assert "Co-chairs Australia (Department of Foreign Affairs and Trade) and Indonesia" in text
