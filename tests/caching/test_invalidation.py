"""Publishing, unpublishing, moving, deleting and scheduling purge exactly what shows the change."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ReferenceIndex, Revision

from caching import registry
from keydocs.models import KeyDocument
from pages.models import HomePage
from records.models import Country

from .conftest import PurgeRecorder, cache_status, commit_pending_callbacks


def home_lists_countries(monkeypatch):
    """For one test, the home page lists countries (a rule the registry does not hold)."""
    rules = registry.listing_rules.copy()
    rules.register(HomePage, shows=(Country,))
    monkeypatch.setattr(registry, "listing_rules", rules)


ALL_PATHS = ("/", "/news/", "/news/first/", "/events/", "/events/annual-forum/")


def warm(client, paths=ALL_PATHS):
    for path in paths:
        client.get(path)
    assert all(cache_status(client.get(path)) == "hit" for path in paths)


def statuses(client, paths=ALL_PATHS):
    return {path: cache_status(client.get(path)) for path in paths}


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


@pytest.mark.django_db
def test_publishing_a_new_title_purges_the_page_its_ancestors_and_descendants(
    site_pages, anonymous
):
    warm(anonymous)
    publish_title(site_pages["news"], "Latest news")

    assert statuses(anonymous) == {
        "/": "miss",
        "/news/": "miss",
        "/news/first/": "miss",
        "/events/": "hit",
        "/events/annual-forum/": "hit",
    }
    assert b"Latest news" in anonymous.get("/news/").content


@pytest.mark.django_db
def test_publishing_content_only_leaves_descendants_cached(site_pages, anonymous):
    warm(anonymous)
    news = site_pages["news"]
    news.search_description = "Announcements from the section."
    news.save_revision().publish()

    assert statuses(anonymous) == {
        "/": "miss",
        "/news/": "miss",
        "/news/first/": "hit",
        "/events/": "hit",
        "/events/annual-forum/": "hit",
    }


@pytest.mark.django_db
def test_saving_a_draft_purges_nothing(site_pages, anonymous):
    warm(anonymous)
    news = site_pages["news"]
    news.title = "A draft title"
    news.save_revision()
    assert set(statuses(anonymous).values()) == {"hit"}
    assert b"A draft title" not in anonymous.get("/news/").content


@pytest.mark.django_db
def test_unpublishing_purges_the_subtree_and_ancestors(site_pages, anonymous):
    warm(anonymous)
    site_pages["news"].unpublish()

    after = statuses(anonymous)
    assert after["/"] == "miss"
    assert after["/news/"] == "miss"
    assert after["/events/"] == after["/events/annual-forum/"] == "hit"
    assert anonymous.get("/news/").status_code == 404


@pytest.mark.django_db
def test_moving_purges_old_and_new_places(site_pages, anonymous):
    warm(anonymous)
    anonymous.get("/news/annual-forum/")  # a 404, cached
    site_pages["event"].move(site_pages["news"], pos="last-child")

    old_place = anonymous.get("/events/annual-forum/")
    assert old_place.status_code == 301  # Wagtail's automatic redirect, not the cached page
    assert old_place["Location"].endswith("/news/annual-forum/")
    moved = anonymous.get("/news/annual-forum/")
    assert (moved.status_code, cache_status(moved)) == (200, "miss")
    after = statuses(anonymous, ("/", "/news/", "/events/", "/news/first/"))
    assert after == {"/": "miss", "/news/": "miss", "/events/": "miss", "/news/first/": "hit"}


@pytest.mark.django_db
def test_deleting_purges_the_page_and_its_ancestors(site_pages, anonymous):
    warm(anonymous)
    site_pages["news_item"].delete()

    assert anonymous.get("/news/first/").status_code == 404
    after = statuses(anonymous, ("/", "/news/", "/events/", "/events/annual-forum/"))
    assert after == {
        "/": "miss",
        "/news/": "miss",
        "/events/": "hit",
        "/events/annual-forum/": "hit",
    }


@pytest.mark.django_db
def test_publishing_a_new_page_replaces_a_cached_not_found(site_pages, anonymous):
    from .conftest import publish_child

    assert anonymous.get("/events/new-forum/").status_code == 404
    anonymous.get("/events/new-forum/")
    publish_child(site_pages["events"], title="New forum", slug="new-forum")
    response = anonymous.get("/events/new-forum/")
    assert (response.status_code, cache_status(response)) == (200, "miss")


@pytest.mark.django_db
def test_scheduled_publishing_and_expiry_purge_when_they_happen(site_pages, anonymous):
    warm(anonymous)
    item = site_pages["news_item"]
    item.title = "Scheduled title"
    revision = item.save_revision(approved_go_live_at=timezone.now() + timedelta(hours=1))
    assert set(statuses(anonymous).values()) == {"hit"}

    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled")
    response = anonymous.get("/news/first/")
    assert cache_status(response) == "miss"
    assert b"Scheduled title" in response.content
    assert cache_status(anonymous.get("/events/")) == "hit"

    anonymous.get("/news/first/")
    type(item).objects.filter(pk=item.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled")
    assert anonymous.get("/news/first/").status_code == 404


@pytest.mark.django_db
def test_changing_a_document_purges_the_pages_that_link_to_it(site_pages, anonymous):
    document = KeyDocument.objects.create(
        title="Annual report", file=ContentFile(b"%PDF-1.4 report", name="annual-report.pdf")
    )
    home = HomePage.objects.get(pk=site_pages["home"].pk)
    home.introduction = f'<p>Read the <a linktype="document" id="{document.id}">report</a>.</p>'
    home.save_revision().publish()
    assert ReferenceIndex.get_references_to(document).exists()
    warm(anonymous)

    document.file.save("annual-report-2024.pdf", ContentFile(b"%PDF-1.4 new report"))

    response = anonymous.get("/")
    assert cache_status(response) == "miss"
    assert b"annual-report-2024" in response.content
    unrelated = statuses(anonymous, ("/news/", "/news/first/", "/events/"))
    assert set(unrelated.values()) == {"hit"}


@pytest.mark.django_db
def test_deleting_a_document_purges_the_pages_that_link_to_it(site_pages, anonymous):
    document = KeyDocument.objects.create(
        title="Old guide", file=ContentFile(b"guide", name="old-guide.txt")
    )
    news = site_pages["news"]
    news.search_description = "See the guide."
    news.save_revision().publish()
    home = HomePage.objects.get(pk=site_pages["home"].pk)
    home.introduction = f'<p><a linktype="document" id="{document.id}">Guide</a></p>'
    home.save_revision().publish()
    warm(anonymous)

    document.delete()
    assert cache_status(anonymous.get("/")) == "miss"
    assert cache_status(anonymous.get("/events/")) == "hit"


@pytest.mark.django_db
def test_publishing_a_snippet_purges_the_page_types_that_list_it(
    site_pages, anonymous, monkeypatch
):
    home_lists_countries(monkeypatch)
    country = Country.objects.create(name="Atlantis", iso_code="QA")
    warm(anonymous)
    country.name = "Republic of Atlantis"
    country.save_revision().publish()
    after = statuses(anonymous)
    assert after["/"] == "miss"
    assert {path: status for path, status in after.items() if path != "/"} == {
        "/news/": "hit",
        "/news/first/": "hit",
        "/events/": "hit",
        "/events/annual-forum/": "hit",
    }


@pytest.mark.django_db
def test_saving_a_snippet_draft_purges_nothing(site_pages, anonymous, monkeypatch):
    home_lists_countries(monkeypatch)
    country = Country.objects.create(name="Lemuria", iso_code="QB")
    warm(anonymous)
    country.name = "Republic of Lemuria"
    country.save_revision()
    after = statuses(anonymous)
    assert set(after.values()) == {"hit"}


@pytest.mark.django_db
def test_adding_a_redirect_replaces_a_cached_not_found(site_pages, anonymous):
    anonymous.get("/old-news/")
    assert cache_status(anonymous.get("/old-news/")) == "hit"
    Redirect.objects.create(old_path="/old-news", redirect_page=site_pages["news"])
    response = anonymous.get("/old-news/")
    assert response.status_code == 301
    assert cache_status(response) == "miss"


@pytest.mark.django_db
def test_listing_paths_are_purged_by_any_publish(site_pages, anonymous, settings):
    settings.PORTAL_CACHE_LISTING_PATHS = ["/whats-new/"]
    anonymous.get("/whats-new/")
    assert cache_status(anonymous.get("/whats-new/")) == "hit"
    publish_title(site_pages["event"], "Annual forum 2024")
    assert cache_status(anonymous.get("/whats-new/")) == "miss"


@pytest.mark.django_db
def test_publishing_purges_the_cdn_after_commit(
    site_pages, anonymous, settings, purge_server, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{purge_server.server_port}",
        }
    }
    commit_pending_callbacks()  # the pages the fixture created are published and purged first
    PurgeRecorder.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site_pages["event"].search_description = "The annual forum."
        site_pages["event"].save_revision().publish()

    purged = {path for _host, path in PurgeRecorder.received}
    assert {"/events/annual-forum/", "/events/", "/"} <= purged
    assert "/news/" not in purged


@pytest.mark.django_db
def test_changing_an_image_purges_the_pages_that_use_it(site_pages, anonymous, settings, tmp_path):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = tmp_path
    png = BytesIO()
    PillowImage.new("RGB", (1200, 630), "navy").save(png, "PNG")
    image = Image.objects.create(title="Forum photo", file=ImageFile(png, name="forum.png"))
    home = HomePage.objects.get(pk=site_pages["home"].pk)
    home.social_image = image
    home.save_revision().publish()
    warm(anonymous)

    image.title = "Ministers at the forum"
    image.save()

    assert cache_status(anonymous.get("/")) == "miss"
    assert set(statuses(anonymous, ("/news/", "/events/", "/events/annual-forum/")).values()) == {
        "hit"
    }


@pytest.mark.django_db
def test_a_purge_the_cache_refuses_stays_in_the_outbox_and_is_logged(
    site_pages, unreachable_page_cache, caplog
):
    from caching import selectors, services

    commit_pending_callbacks()
    services.page_cache_purge_everything()
    commit_pending_callbacks()

    assert selectors.pending_purge_count() >= 1
    assert any("purge(s) pending" in message for message in caplog.messages)


@pytest.mark.django_db
def test_records_are_found_through_records_that_refer_to_them(
    site_pages, anonymous, settings, tmp_path
):
    """Page → image → collection: purging for the collection reaches the page, two steps away."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images.models import Image
    from wagtail.models import Collection

    from caching import services

    settings.MEDIA_ROOT = tmp_path
    collection = Collection.get_first_root_node().add_child(name="Forum photos")
    png = BytesIO()
    PillowImage.new("RGB", (40, 20), "teal").save(png, "PNG")
    image = Image.objects.create(
        title="Delegates", file=ImageFile(png, name="delegates.png"), collection=collection
    )
    home = HomePage.objects.get(pk=site_pages["home"].pk)
    home.social_image = image
    home.save_revision().publish()
    assert ReferenceIndex.get_references_to(collection).exists()
    warm(anonymous)

    plan = services.page_cache_purge_for_record(instance=collection)

    assert ("http://localhost", "/") in plan.exact
    assert cache_status(anonymous.get("/")) == "miss"
    assert cache_status(anonymous.get("/events/")) == "hit"


def test_changing_a_site_setting_purges_every_page(site_pages, anonymous):
    from wagtail.models import Site

    from sitewide.models import PortalSettings

    anonymous.get("/")
    settings_row = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert cache_status(anonymous.get("/")) == "hit"
    settings_row.department_name = "Department of Renamed Affairs"
    settings_row.save()
    response = anonymous.get("/")
    assert cache_status(response) == "miss"
    assert "Department of Renamed Affairs" in response.content.decode()
