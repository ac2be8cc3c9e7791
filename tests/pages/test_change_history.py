"""Public change history: major changes with their notes, minor changes silent, dates shown."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.models import PageChange, StandardPage, TopicPage
from pages.services import ImportedChange, page_history_import
from tests.editorial.conftest import (  # noqa: F401 - shared fixtures
    governed_site,
    make_member,
    media_in_tmp,
    moderator,
)
from tests.staff import sign_in_verified

from .helpers import get_ok, visible_text

EMPTY_FORMSET = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def new_page(parent, slug="visa-rules", **fields):
    page = StandardPage(title="Visa rules", slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def publish_change(page, change_type, note=""):
    page.change_type = change_type
    page.change_note = note
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return revision


@pytest.mark.django_db
def test_first_publish_and_major_changes_are_recorded_minor_changes_are_not(seeded_site):
    page = new_page(seeded_site)
    first = PageChange.objects.get(page=page)
    assert first.kind == PageChange.Kind.FIRST and first.public_note == "First published."
    assert page.last_updated == page.first_published_at

    publish_change(page, "minor", "Fixed a typo.")
    assert PageChange.objects.filter(page=page).count() == 1
    assert page.last_updated == page.first_published_at
    assert page.last_published_at > page.first_published_at

    revision = publish_change(page, "major", "  Added the\n2025 visa rules.  ")
    latest = PageChange.objects.filter(page=page).first()
    assert (latest.kind, latest.note, latest.revision_id) == (
        "major",
        "Added the 2025 visa rules.",
        revision.pk,
    )
    assert page.last_updated == latest.published_at == page.last_published_at

    revision.publish()  # publishing the same revision again records nothing new
    assert PageChange.objects.filter(page=page).count() == 2


@pytest.mark.django_db
def test_the_pending_note_is_emptied_after_publishing_without_a_new_revision(seeded_site):
    page = new_page(seeded_site)
    revisions = page.revisions.count()
    publish_change(page, "major", "Added the 2025 visa rules.")
    assert page.revisions.count() == revisions + 1
    assert (page.change_type, page.change_note) == ("minor", "")
    editing = page.get_latest_revision_as_object()
    assert (editing.change_type, editing.change_note) == ("minor", "")

    page.change_type, page.change_note = "major", "A draft note nobody published."
    page.save_revision()
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.change_note == "A draft note nobody published."
    assert not PageChange.objects.filter(note__startswith="A draft").exists()


@pytest.mark.django_db
def test_publishing_an_old_revision_keeps_the_last_updated_date(seeded_site):
    page = new_page(seeded_site)
    old = page.get_latest_revision()
    publish_change(page, "major", "Added the 2025 visa rules.")
    updated = page.last_updated
    old.publish()
    page.refresh_from_db()
    assert page.last_updated == updated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Write a change note"),
        ("   \n\t ", "Write a change note"),
        ("x" * 301, "at most 300 characters"),
    ],
)
def test_a_major_change_needs_a_short_note(seeded_site, note, message):
    page = new_page(seeded_site)
    page.change_type, page.change_note = "major", note
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert message in " ".join(error.value.message_dict["change_note"])


@pytest.mark.django_db
def test_the_admin_form_asks_for_a_note_on_a_major_change_and_publishes_it(client, moderator):  # noqa: F811
    home = TopicPage.objects.live().first()
    sign_in_verified(client, moderator)
    add_url = f"/admin/pages/add/pages/standardpage/{home.pk}/"
    html = client.get(add_url).content.decode()
    assert "Public: shown on the page and in the updates feed" in html
    assert "Australian Government Interactive Functions Thesaurus" in html

    def post(url, **fields):
        data = {
            "title": "Labour exploitation",
            "slug": "labour-exploitation",
            "summary": "",
            "body": streamfield([]),
            "comments": EMPTY_FORMSET,
            "seo_title": "",
            "search_description": "",
            "review_date": "",
            "agls_function": "",
            "change_type": "minor",
            "change_note": "",
            "action-publish": "1",
            **fields,
        }
        return client.post(url, nested_form_data({k: v for k, v in data.items() if v is not None}))

    response = post(add_url, change_type=None, change_note=None)  # not sent: a minor change
    assert response.status_code == 302, response.context and response.context["form"].errors
    page = StandardPage.objects.get(slug="labour-exploitation")
    edit_url = f"/admin/pages/{page.pk}/edit/"

    response = post(edit_url, change_type="major", change_note="  ")
    assert response.status_code == 200
    assert "Write a change note" in " ".join(response.context["form"].errors["change_note"])

    response = post(edit_url, change_type="major", change_note="Added <b>new</b> & rules.")
    assert response.status_code == 302
    assert PageChange.objects.filter(page=page).first().note == "Added <b>new</b> & rules."
    form = client.get(edit_url).context["form"]
    assert form["change_note"].value() == "" and form["change_type"].value() == "minor"


@pytest.mark.django_db
def test_page_shows_published_last_updated_and_every_major_change(seeded_site, client):
    page = new_page(seeded_site)
    publish_change(page, "major", 'Added the <script>alert("rules")</script> & forms.')
    publish_change(page, "minor")
    publish_change(page, "major", "Added the 2025 visa rules.")
    response = get_ok(client, page.url)
    markup = response.content.decode()
    text = visible_text(response)
    first = page.first_published_at.astimezone(timezone.get_current_timezone())
    day = f"{first.day} {first:%B %Y}"
    assert f"Published {day} · Last updated {day} · See all updates" in text
    assert '<a href="#history">See all updates</a>' in markup
    history = markup[markup.index('id="history"') :]
    items = re.findall(r"<li><time datetime=\"([\d-]+)\">[^<]+</time> ([^<]*)</li>", history)
    assert [note for _date, note in items] == [
        "Added the 2025 visa rules.",
        "Added the &lt;script&gt;alert(&quot;rules&quot;)&lt;/script&gt; &amp; forms.",
        "First published.",
    ]
    assert "<script>alert" not in markup


@pytest.mark.django_db
def test_imported_history_sets_the_dates_once(seeded_site, client):
    page = new_page(seeded_site)
    first = timezone.make_aware(datetime.datetime(2022, 3, 25, 12))
    update = timezone.make_aware(datetime.datetime(2023, 2, 9, 12))
    changes = [
        ImportedChange(published_at=first, note="", first=True),
        ImportedChange(published_at=update, note="Added the Ambassador's expanded role."),
    ]
    assert page_history_import(page=page, changes=changes) == 2
    assert page_history_import(page=page, changes=changes) == 0
    page.refresh_from_db()
    rows = list(PageChange.objects.filter(page=page))
    assert [(row.published_at, row.imported) for row in rows] == [(update, True), (first, True)]
    assert page.first_published_at == first and page.last_updated == update
    text = visible_text(get_ok(client, page.url))
    assert "Published 25 March 2022 · Last updated 9 February 2023" in text


@pytest.mark.django_db
def test_seeded_pages_carry_the_dates_the_source_page_gives(seeded_site, client):
    text = visible_text(get_ok(client, "/human-trafficking-and-modern-slavery/"))
    assert "Published 25 March 2022 · Last updated 9 February 2023" in text
    assert "Added the expanded role of the Ambassador" in text
    bali = visible_text(get_ok(client, "/bali-process/"))
    assert "Published 10 February 2023" in bali
    assert PageChange.objects.filter(imported=True).count() == 3
