"""Fixtures for the editorial tests: the governed site, members of each group, page helpers."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from editorial import services

PASSWORD = "correct-horse-battery-staple"


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


def make_document(title, *, user=None, collection=None):
    """A stored document with a real PDF file."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    document = get_document_model()(
        title=title,
        uploaded_by_user=user,
        collection=collection or Collection.get_first_root_node(),
    )
    document.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(pdf_bytes(title)))
    return document


@pytest.fixture
def governed_site(seeded_site):
    """The seeded section with the editorial groups and workflow, as `make run` sets it up."""
    services.governance_ensure()
    return seeded_site


@pytest.fixture
def make_member(governed_site):
    """Return a function creating an active user in the named group."""

    def make(group_name, username=None):
        username = username or group_name.lower().replace(" ", "-")
        user = get_user_model().objects.create_user(
            username=username,
            email=f"{username}@example.gov.au",
            password=PASSWORD,
            first_name=username.title(),
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor(make_member):
    return make_member(services.EDITORS)


@pytest.fixture
def moderator(make_member):
    return make_member(services.MODERATORS)


def add_child_page(parent, title, *, publish=True, **fields):
    """Create a plain Wagtail page under `parent` (publishing it by default)."""
    page = Page(title=title, slug=fields.pop("slug", None) or title.lower().replace(" ", "-"))
    for name, value in fields.items():
        setattr(page, name, value)
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return Page.objects.get(pk=page.pk)


def home_edit_form(home, *, action=None, **changes):
    """POST data for the home page's edit form, with `changes` applied."""
    values = {
        "title": home.title,
        "slug": home.slug,
        "summary": home.summary,
        "introduction": rich_text(changes.pop("introduction", home.introduction or "<p></p>")),
        "seo_title": "",
        "search_description": "",
        "review_date": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": {
            "TOTAL_FORMS": 0,
            "INITIAL_FORMS": 0,
            "MIN_NUM_FORMS": 0,
            "MAX_NUM_FORMS": 1000,
        },
    }
    values.update(changes)
    if action:
        values[f"action-{action}"] = "1"
    return nested_form_data(values)
