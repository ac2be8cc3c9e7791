"""Builds the seeded section from the department's source page. Safe to run repeatedly."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_TITLE = "People Smuggling, Human Trafficking and Modern Slavery"
HOME_SLUG = "home"


@transaction.atomic
def seed_section():
    """Create or update the seeded content and return the home page. A rerun changes nothing."""
    _ensure_default_locale()
    home = _ensure_home_page()
    _ensure_default_site(home)
    return home


def _ensure_default_locale():
    """Wagtail's migrations create the locale; a flushed test database may not have it."""
    language_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language_code)


def _ensure_home_page():
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        _remove_wagtail_welcome_page(root)
        home = HomePage(title=HOME_TITLE, slug=HOME_SLUG)
        root.add_child(instance=home)
        home.save_revision().publish()
    return home


def _remove_wagtail_welcome_page(root):
    """Wagtail's initial migration leaves a placeholder page that would clash with our slug."""
    for child in root.get_children().filter(slug=HOME_SLUG).not_type(HomePage):
        child.delete()


def _ensure_default_site(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=HOME_TITLE,
        )
    elif site.root_page_id != home.id or site.site_name != HOME_TITLE:
        site.root_page = home
        site.site_name = HOME_TITLE
        site.save()
