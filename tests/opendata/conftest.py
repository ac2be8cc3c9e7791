"""Fixtures for the open-data tests: public content and private, draft and unpublished content
that carries a unique token, so a test can look for the token anywhere the machines read."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from keydocs.models import KeyDocument
from pages.models import ForumPage, StandardPage, TopicPage, WorkingGroupCoChair, WorkingGroupPage
from records.models import Country, DocumentCategory, Organisation, Role

TOKEN = "zqxprivate7731"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_bytes(text):
    """A real one-page PDF saying `text`."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def store_document(title, *, collection=None, **fields):
    """A stored document with a real PDF file and its facts read from it, not yet approved."""
    document = KeyDocument(
        title=title, collection=collection or Collection.get_first_root_node(), **fields
    )
    document.file.save(
        f"{title.lower().replace(' ', '-')[:40]}.pdf", ContentFile(pdf_bytes(title)), save=False
    )
    document.refresh_file_facts()
    document.save()
    return document


@pytest.fixture
def make_document(approve_document):
    """Return a function that stores a document and approves its file, as a moderator would."""

    def make(title, *, collection=None, **fields):
        return approve_document(store_document(title, collection=collection, **fields))

    return make


def publish(page):
    """Publish the page's current state as a new revision."""
    page.save_revision().publish()
    return page


@pytest.fixture
def category(seeded_site):
    """A live document category."""
    return DocumentCategory.objects.filter(live=True).order_by("pk").first()


@pytest.fixture
def public_document(seeded_site, category, make_document):
    """A public document in a live category."""
    return make_document(
        "Regional cooperation report",
        category=category,
        description="What the region agreed.",
        language="en-AU",
    )


@pytest.fixture
def private_content(seeded_site, category, make_document):
    """Private, draft and unpublished content, each carrying TOKEN somewhere public readers see."""
    home = seeded_site
    topic = TopicPage.objects.live().first()
    forum = ForumPage.objects.live().first()

    restricted = StandardPage(title=f"Restricted {TOKEN}", slug=f"restricted-{TOKEN}")
    home.add_child(instance=restricted)
    publish(restricted)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    below_restricted = StandardPage(title=f"Below {TOKEN}", slug=f"below-{TOKEN}")
    restricted.add_child(instance=below_restricted)
    publish(below_restricted)

    draft = StandardPage(title=f"Draft {TOKEN}", slug=f"draft-{TOKEN}", live=False)
    home.add_child(instance=draft)
    draft.save_revision()

    live_with_draft = StandardPage(title="Public page with a draft", slug="public-with-draft")
    topic.add_child(instance=live_with_draft)
    publish(live_with_draft)
    live_with_draft.title = f"Changed {TOKEN}"
    live_with_draft.summary = f"Draft summary {TOKEN}"
    live_with_draft.save_revision()

    private_collection = Collection.get_first_root_node().add_child(name="Restricted briefings")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    private_document = make_document(
        f"Briefing {TOKEN}",
        collection=private_collection,
        category=category,
        description=f"Private {TOKEN}",
    )

    country = Country.objects.create(name=f"Country {TOKEN}", iso_code="ZQ", live=False)
    organisation = Organisation.objects.create(name=f"Agency {TOKEN}", live=False)
    Role.objects.create(title=f"Envoy {TOKEN}", live=False)
    draft_category = DocumentCategory.objects.create(
        name=f"Category {TOKEN}", slug=f"category-{TOKEN}", live=False
    )
    make_document(f"Uncategorised {TOKEN}", collection=private_collection, category=draft_category)
    store_document(f"Unapproved {TOKEN}", category=category, description=f"Draft {TOKEN}")

    live_organisation = Organisation.objects.filter(live=True).first()
    live_organisation.name = f"Renamed {TOKEN}"
    live_organisation.save_revision()

    group = WorkingGroupPage.objects.child_of(forum).live().first()
    WorkingGroupCoChair.objects.create(page=group, country=country, lead_agency=organisation)
    forum.member_governments.create(country=country)
    forum.member_organisations.create(organisation=organisation)
    draft_group = WorkingGroupPage(
        title=f"Group {TOKEN}", slug=f"group-{TOKEN}", live=False, acronym="ZQ"
    )
    forum.add_child(instance=draft_group)
    draft_group.save_revision()
    return {
        "restricted": restricted,
        "draft": draft,
        "live_with_draft": live_with_draft,
        "private_document": private_document,
        "country": country,
        "organisation": organisation,
        "topic": topic,
        "forum": forum,
        "group": group,
    }
