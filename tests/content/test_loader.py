"""The seed loader: data in content/data/, loaded once, quietly, and never twice."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Revision

from content.loader import PageRef, RecordRef, _Seeder, load_data, load_section

pytestmark = pytest.mark.django_db

COUNTED = [
    "records.Country",
    "records.Organisation",
    "records.DocumentCategory",
    "records.Role",
    "records.RoleTitle",
    "records.ContactPoint",
    "pages.ForumCoChair",
    "pages.ForumMemberGovernment",
    "pages.ForumMilestone",
    "pages.WorkingGroupCoChair",
    "pages.TopicContact",
    "wagtailcore.Site",
]


def counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED} | {
        "pages": list(Page.objects.order_by("path").values_list("path", "slug", "live")),
        "revisions": Revision.objects.count(),
        "promotions": SearchPromotion.objects.count(),
    }


def test_a_second_run_changes_nothing_and_says_so(seeded_site):
    before = counts()
    report = load_section()
    assert counts() == before
    assert sum(report.created.values()) == 0
    assert report.found["pages"] == 11
    assert report.found["records.Country"] == 45


def test_the_command_prints_one_summary_line():
    out = io.StringIO()
    call_command("seed_section", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert "already present" in lines[0] and "search promotions" in lines[0]


def test_the_data_holds_every_page_once_with_its_type():
    def walk(tree, prefix=""):
        for spec in tree:
            path = f"{prefix}{spec['slug']}"
            yield path, apps.get_model(spec["type"])
            yield from walk(spec.get("children") or [], f"{path}/")

    pages = dict(walk(load_data("pages")))
    assert len(pages) == 11
    assert pages["home/bali-process/working-group-trafficking-persons"].__name__ == (
        "WorkingGroupPage"
    )


def test_an_unknown_record_name_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="no record named 'nowhere'"):
        _Seeder().resolve(RecordRef("nowhere"))


def test_pages_that_wait_on_each_other_are_a_clear_error(seeded_site):
    tree = [
        {
            "type": "pages.StandardPage",
            "slug": "loop-a",
            "title": "A",
            "body": [{"type": "related_link", "value": {"page": PageRef("loop-b")}}],
        },
        {
            "type": "pages.StandardPage",
            "slug": "loop-b",
            "title": "B",
            "body": [{"type": "related_link", "value": {"page": PageRef("loop-a")}}],
        },
    ]
    with pytest.raises(ImproperlyConfigured, match="waiting on each other: loop-a, loop-b"):
        _Seeder().ensure_pages(tree)
