"""Changes to records purge exactly the seeded content pages that show them, through other records.

The seeded section is served as the public sees it; each change is made the way the admin or a
service makes it, and the `X-Portal-Cache` header says which pages were purged.
"""

import datetime

import pytest

from keydocs.services import document_replace, document_upload
from pages.models import WorkingGroupCoChair, WorkingGroupPage
from records.models import ContactPoint, Country, Role
from records.services import record_publish, role_rename
from tests.keydocs.conftest import make_pdf, upload

from .conftest import cache_status

HOME = "/"
PEOPLE_SMUGGLING = "/people-smuggling/"
HUMAN_TRAFFICKING = "/human-trafficking-and-modern-slavery/"
BALI_PROCESS = "/bali-process/"
TRAFFICKING_GROUP = "/bali-process/working-group-trafficking-persons/"
TASK_FORCE = "/bali-process/task-force-planning-preparedness/"
CONTACT_US = "/contact-us/"
KEY_DOCUMENTS = "/key-documents/"
PUBLICATIONS = "/publications/"
SECTION_PATHS = (
    HOME,
    PEOPLE_SMUGGLING,
    HUMAN_TRAFFICKING,
    BALI_PROCESS,
    TRAFFICKING_GROUP,
    TASK_FORCE,
    CONTACT_US,
    KEY_DOCUMENTS,
    PUBLICATIONS,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def warm(client):
    """Serve every section page once, and check each is now answered from the cache."""
    for path in SECTION_PATHS:
        assert client.get(path).status_code == 200, path
    assert {path: cache_status(client.get(path)) for path in SECTION_PATHS} == dict.fromkeys(
        SECTION_PATHS, "hit"
    )


def purged(client):
    """The section's paths the cache no longer holds (each is served, so it is cached again)."""
    return {path for path in SECTION_PATHS if cache_status(client.get(path)) == "miss"}


def text_of(client, path):
    return client.get(path).content.decode()


def add_thailand_as_co_chair(group):
    """Add Thailand after the existing co-chairs, at an explicit position as the admin does."""
    position = group.co_chairs.count()
    group.co_chairs.add(
        WorkingGroupCoChair(country=Country.objects.get(iso_code="TH"), sort_order=position)
    )


@pytest.mark.django_db
def test_renaming_the_role_purges_every_page_showing_it_and_no_other(seeded_site, anonymous):
    role = Role.objects.get(title__startswith="Ambassador to Counter Modern Slavery")
    warm(anonymous)

    role_rename(
        role=role,
        new_title="Ambassador for Freedom from Modern Slavery",
        effective_date=datetime.date(2026, 7, 1),
    )

    # Home and both topics name the role as lead; Contact us addresses mail to it.
    assert purged(anonymous) == {HOME, PEOPLE_SMUGGLING, HUMAN_TRAFFICKING, CONTACT_US}
    for path in (HOME, PEOPLE_SMUGGLING, HUMAN_TRAFFICKING, CONTACT_US):
        assert "Ambassador for Freedom from Modern Slavery" in text_of(anonymous, path), path


@pytest.mark.django_db
def test_adding_a_co_chair_purges_the_working_group_the_forum_and_the_topic_listing_it(
    seeded_site, anonymous
):
    group = WorkingGroupPage.objects.get(slug="working-group-trafficking-persons")
    assert "co-chaired by Australia and Indonesia" in text_of(anonymous, BALI_PROCESS)
    warm(anonymous)

    add_thailand_as_co_chair(group)
    group.save_revision().publish()

    # The group's page, its forum (which lists its groups) and the home page above them; pages
    # with a body of sections, whose "Working groups" block lists a forum's groups by query
    # (a rule in caching.registry): both topics and the standard Key documents page.
    assert purged(anonymous) == {
        HOME,
        BALI_PROCESS,
        TRAFFICKING_GROUP,
        PEOPLE_SMUGGLING,
        HUMAN_TRAFFICKING,
        KEY_DOCUMENTS,
    }
    sentence = "co-chaired by Australia, Indonesia and Thailand"
    assert sentence in text_of(anonymous, BALI_PROCESS)
    assert sentence in text_of(anonymous, PEOPLE_SMUGGLING)
    assert "Australia, Indonesia and Thailand" in text_of(anonymous, TRAFFICKING_GROUP)


@pytest.mark.django_db
def test_renaming_a_co_chair_country_purges_pages_showing_it_through_a_forum(
    seeded_site, anonymous
):
    vietnam = Country.objects.get(iso_code="VN")
    warm(anonymous)

    vietnam.name = "Viet Nam"
    record_publish(record=vietnam)

    # Its working group names it as co-chair, the forum as a member; the topics show the
    # forum's groups and co-chairs. Contact us, the task force and the listings do not.
    after = purged(anonymous)
    assert {BALI_PROCESS, PEOPLE_SMUGGLING, HUMAN_TRAFFICKING} <= after
    assert after.isdisjoint({HOME, CONTACT_US, TASK_FORCE, PUBLICATIONS})
    assert "co-chaired by New Zealand and Viet Nam" in text_of(anonymous, PEOPLE_SMUGGLING)
    assert "co-chaired by New Zealand and Viet Nam" in text_of(anonymous, BALI_PROCESS)


@pytest.mark.django_db
def test_a_draft_co_chair_purges_nothing(seeded_site, anonymous):
    group = WorkingGroupPage.objects.get(slug="working-group-trafficking-persons")
    warm(anonymous)

    add_thailand_as_co_chair(group)
    group.save_revision()

    assert purged(anonymous) == set()
    assert "Thailand" not in text_of(anonymous, TRAFFICKING_GROUP)


@pytest.mark.django_db
def test_changing_the_contact_postcode_purges_every_page_showing_the_contact(
    seeded_site, anonymous
):
    contact = ContactPoint.objects.get(label__startswith="Ambassador’s office")
    old_postcode = contact.postcode
    assert old_postcode in text_of(anonymous, CONTACT_US)
    warm(anonymous)

    contact.postcode = "2600"
    record_publish(record=contact)

    assert purged(anonymous) == {PEOPLE_SMUGGLING, HUMAN_TRAFFICKING, CONTACT_US}
    for path in (PEOPLE_SMUGGLING, HUMAN_TRAFFICKING, CONTACT_US):
        assert "2600" in text_of(anonymous, path), path


@pytest.mark.django_db
def test_approving_an_uploaded_document_purges_publications_and_home_only(
    seeded_site, anonymous, approve_document
):
    document = document_upload(
        uploaded_file=upload("regional-plan.pdf", make_pdf(pages=2)),
        title="Regional cooperation plan",
        publication_date=datetime.date(2026, 11, 1),
    )
    assert "Regional cooperation plan" not in text_of(anonymous, PUBLICATIONS), "a draft"
    warm(anonymous)

    approve_document(document)

    # Publications lists every document; the home page lists the latest ones.
    assert purged(anonymous) == {HOME, PUBLICATIONS}
    assert "Regional cooperation plan" in text_of(anonymous, PUBLICATIONS)
    assert "Regional cooperation plan" in text_of(anonymous, HOME)


@pytest.mark.django_db
def test_approving_a_replacement_purges_publications_and_home_only(
    seeded_site, anonymous, approve_document
):
    document = approve_document(
        document_upload(
            uploaded_file=upload("regional-plan.pdf", make_pdf(pages=2)),
            title="Regional cooperation plan",
            publication_date=datetime.date(2026, 11, 1),
        )
    )
    assert "2 pages" in text_of(anonymous, PUBLICATIONS)
    document_replace(
        document=document, uploaded_file=upload("regional-plan-v2.pdf", make_pdf(pages=5))
    )
    assert "2 pages" in text_of(anonymous, PUBLICATIONS), "the approved file until approval"
    warm(anonymous)

    approve_document(document)

    assert purged(anonymous) == {HOME, PUBLICATIONS}
    assert "5 pages" in text_of(anonymous, PUBLICATIONS)
