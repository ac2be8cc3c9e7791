"""Loads the section's seed from the YAML files in `content/data/`. Safe to run repeatedly.

The loader knows no content: it walks the data, finds each record, page, site setting and search
promotion by its natural key, and creates (and publishes) only what is missing. What editors
have changed since is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Collection, Locale, Page, Site

from editorial.audit import AUDIT_LOGGER_NAME
from pages.models import BasePage
from pages.services import ImportedChange, page_history_import

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"


# The data files' YAML tags -----------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRef:
    """`!ref <name>`: a record from records.yaml, by its `ref` or natural key."""

    name: str


@dataclass(frozen=True)
class PageRef:
    """`!page <path>`: a page from pages.yaml, by its slug path (e.g. `home/bali-process`)."""

    path: str


@dataclass(frozen=True)
class KeyDocumentLinks:
    """`!key_document_links <category slug>`: that category's links from key_documents.yaml."""

    category_slug: str


class DataLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the seed's four tags."""


def _scalar_tag(kind: type) -> Any:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        return kind(loader.construct_scalar(node))  # type: ignore[arg-type]

    return construct


def _paragraphs(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return "".join(f"<p>{text}</p>" for text in loader.construct_sequence(node))  # type: ignore[arg-type]


DataLoader.add_constructor("!ref", _scalar_tag(RecordRef))
DataLoader.add_constructor("!page", _scalar_tag(PageRef))
DataLoader.add_constructor("!key_document_links", _scalar_tag(KeyDocumentLinks))
DataLoader.add_constructor("!paragraphs", _paragraphs)


def load_data(name: str) -> Any:
    """Parse `content/data/<name>.yaml`, with the seed's tags."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=DataLoader)  # noqa: S506 - a SafeLoader subclass


def key_document_links() -> list[dict[str, str]]:
    """The external key-document links (title, publisher, url, category, type), as copies."""
    return [dict(link) for link in load_data("key_documents")["links"]]


def unconfirmed_key_documents() -> list[str]:
    """Documents the source page names whose official address is not yet confirmed."""
    return list(load_data("key_documents")["unconfirmed"])


# The run -----------------------------------------------------------------------------------------


@dataclass
class SeedReport:
    """What one run did: objects created and objects found already there, by kind."""

    created: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    promotions: int = 0
    home: Page | None = None

    def summary(self) -> str:
        """One line for the command's output."""
        title = self.home.title if self.home is not None else "(no home page)"
        return (
            f"Seeded section “{title}”: {sum(self.created.values())} created, "
            f"{sum(self.found.values())} already present, {self.promotions} search promotions."
        )


class _Seeder:
    def __init__(self) -> None:
        self.report = SeedReport()
        self.records: dict[str, models.Model] = {}
        self.pages: dict[str, Page] = {}
        self.links = key_document_links()

    # Resolving references ----------------------------------------------------------------

    def resolve(self, value: Any, *, as_pk: bool = False) -> Any:
        """Turn tags into objects (for model fields) or primary keys (inside StreamField data)."""
        if isinstance(value, RecordRef):
            if value.name not in self.records:
                raise ImproperlyConfigured(f"Seed data: no record named {value.name!r}.")
            record = self.records[value.name]
            return record.pk if as_pk else record
        if isinstance(value, PageRef):
            page = self.pages[value.path]
            return page.pk if as_pk else page
        if isinstance(value, KeyDocumentLinks):
            return self._key_document_items(value.category_slug)
        if isinstance(value, list):
            return [self.resolve(item, as_pk=as_pk) for item in value]
        if isinstance(value, dict):
            resolved = {key: self.resolve(item, as_pk=as_pk) for key, item in value.items()}
            if as_pk and "type" in resolved and "value" in resolved and "id" not in resolved:
                resolved["id"] = str(uuid.uuid4())
            return resolved
        return value

    def _key_document_items(self, category_slug: str) -> list[dict[str, Any]]:
        organisation_model = apps.get_model("records", "Organisation")
        publishers = {
            organisation.name: organisation.pk
            for organisation in organisation_model.objects.filter(
                name__in=[link["publisher_name"] for link in self.links]
            )
        }
        return [
            {
                "type": "external_document",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": link["title"],
                    "publisher": publishers.get(link["publisher_name"]),
                    "url": link["url"],
                    "note": "",
                },
            }
            for link in self.links
            if link["category_slug"] == category_slug
        ]

    def build(self, model: type[models.Model], data: dict[str, Any]) -> models.Model:
        """An unsaved instance from a data entry: plain fields, StreamFields and child rows."""
        child_models = {
            relation.get_accessor_name(): relation.related_model
            for relation in get_all_child_relations(model)
        }
        plain: dict[str, Any] = {}
        children: dict[str, list[models.Model]] = {}
        for name, value in data.items():
            if name in child_models:
                children[name] = [child_models[name](**self.resolve(row)) for row in value or []]
            elif isinstance(model._meta.get_field(name), StreamField):
                plain[name] = self.resolve(value, as_pk=True)
            else:
                plain[name] = self.resolve(value)
        instance = model(**plain)
        for name, rows in children.items():
            for position, row in enumerate(rows):
                if hasattr(row, "sort_order"):
                    row.sort_order = position
            setattr(instance, name, rows)
        return instance

    # Steps ---------------------------------------------------------------------------------

    def ensure_locale(self) -> None:
        """The locale and root collection (made by migrations; a flushed database has none)."""
        language_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language_code)
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")

    def ensure_records(self, groups: list[dict[str, Any]]) -> None:
        """Create and publish each record missing by its natural key."""
        for group in groups:
            model = apps.get_model(group["model"])
            natural_key = group["natural_key"]
            for entry in group["items"]:
                data = dict(entry)
                ref = data.pop("ref", None) or data[natural_key]
                record = model.objects.filter(**{natural_key: data[natural_key]}).first()
                if record is None:
                    record = self.build(model, data)
                    record.save()
                    record.save_revision().publish()  # type: ignore[attr-defined]
                    self.report.created[model._meta.label] += 1
                else:
                    self.report.found[model._meta.label] += 1
                self.records[str(ref)] = record

    def ensure_pages(self, tree: list[dict[str, Any]]) -> Page:
        """Create and publish each missing page once the pages it refers to exist."""
        pending = list(_flatten(tree, parent_path=None))
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        last_created = ""
        while pending:
            # The pages below the one just made come first, so a subtree is made in one go.
            pending.sort(key=lambda item: not item[0].startswith(f"{last_created}/"))
            for position, (path, parent_path, spec) in enumerate(pending):
                if parent_path is not None and parent_path not in self.pages:
                    continue
                parent = root if parent_path is None else self.pages[parent_path]
                page = self._existing_page(parent, spec, top_level=parent_path is None)
                if page is None:
                    if any(ref.path not in self.pages for ref in _page_refs(spec)):
                        continue
                    page = self._create_page(parent, spec, top_level=parent_path is None)
                    last_created = path
                self._import_history(page, spec.get("history"), path=path)
                self.pages[path] = page
                del pending[position]
                break
            else:
                waiting = ", ".join(path for path, _parent, _spec in pending)
                raise ImproperlyConfigured(f"Seed data: pages waiting on each other: {waiting}.")
        for parent_path, slugs in _children_order(tree, parent_path=None):
            _order_children(self.pages[parent_path], slugs)
        return self.pages[str(tree[0]["slug"])]

    def _existing_page(self, parent: Page, spec: dict[str, Any], *, top_level: bool) -> Page | None:
        page_class = apps.get_model(spec["type"])
        siblings = page_class.objects.child_of(parent)
        page = siblings.filter(slug=spec["slug"]).first()
        if page is None and top_level:
            page = siblings.first()
        if page is not None:
            self.report.found["pages"] += 1
        return page

    def _create_page(self, parent: Page, spec: dict[str, Any], *, top_level: bool) -> Page:
        page_class = apps.get_model(spec["type"])
        if top_level:
            # Wagtail's initial migration leaves a welcome page that would clash with our slug.
            for placeholder in parent.get_children().filter(slug=spec["slug"]).not_type(page_class):
                placeholder.delete()
        data = {
            key: value for key, value in spec.items() if key not in ("type", "children", "history")
        }
        page = cast(Page, self.build(page_class, data))
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.report.created["pages"] += 1
        return page

    def _import_history(self, page: Page, entries: Any, *, path: str) -> None:
        """Add the source site's dated history of a page (once) as imported change rows."""
        if not entries:
            return
        if not entries[0].get("first"):
            raise ImproperlyConfigured(f"Seed data: {path}'s history must start with `first`.")
        changes = [
            ImportedChange(
                published_at=_midday(entry["date"]),
                note=str(entry.get("note", "")),
                first=bool(entry.get("first")),
            )
            for entry in entries
        ]
        added = page_history_import(page=cast(BasePage, page), changes=changes)
        if added:
            self.report.created["pages.PageChange"] += added
        else:
            self.report.found["pages.PageChange"] += len(changes)

    def ensure_site(self, data: dict[str, Any]) -> Site:
        """Make the data's site the default one, rooted at the seeded home page."""
        wanted = self.resolve(data["site"])
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(is_default_site=True, **wanted)
            self.report.created["site"] += 1
        elif site.root_page_id != wanted["root_page"].pk or site.site_name != wanted["site_name"]:
            site.root_page = wanted["root_page"]
            site.site_name = wanted["site_name"]
            site.save()
            self.report.created["site"] += 1
        else:
            self.report.found["site"] += 1
        for label, values in data.get("settings", {}).items():
            self._fill_empty_settings(apps.get_model(label), site, values)
        return site

    def _fill_empty_settings(
        self, model: type[models.Model], site: Site, values: dict[str, Any]
    ) -> None:
        instance = model.for_site(site)  # type: ignore[attr-defined]
        changed = False
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if not isinstance(model_field, models.Field):
                raise ImproperlyConfigured(f"Seed data: {model.__name__}.{name} is not a field.")
            if isinstance(model_field, StreamField):
                if not getattr(instance, name):
                    setattr(instance, name, self.resolve(value, as_pk=True))
                    changed = True
            elif getattr(instance, model_field.attname) in (None, ""):
                setattr(instance, name, self.resolve(value))
                changed = True
        if changed:
            instance.save()
            self.report.created[model._meta.label] += 1
        else:
            self.report.found[model._meta.label] += 1


def _midday(day: datetime.date) -> datetime.datetime:
    """A source date as midday in the site's time zone, so it reads as that date everywhere."""
    if not isinstance(day, datetime.date):
        raise ImproperlyConfigured(f"Seed data: {day!r} is not a date (YYYY-MM-DD).")
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _flatten(
    tree: list[dict[str, Any]], *, parent_path: str | None
) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    for spec in tree:
        path = spec["slug"] if parent_path is None else f"{parent_path}/{spec['slug']}"
        yield path, parent_path, spec
        yield from _flatten(spec.get("children") or [], parent_path=path)


def _children_order(
    tree: list[dict[str, Any]], *, parent_path: str | None
) -> Iterator[tuple[str, list[str]]]:
    for spec in tree:
        path = spec["slug"] if parent_path is None else f"{parent_path}/{spec['slug']}"
        children = spec.get("children") or []
        if children:
            yield path, [child["slug"] for child in children]
            yield from _children_order(children, parent_path=path)


def _page_refs(value: Any) -> Iterator[PageRef]:
    if isinstance(value, PageRef):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "children":
                yield from _page_refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _page_refs(item)


def _order_children(parent: Page, wanted: list[str]) -> None:
    """Put the data's pages first, in the data's order; pages editors added follow them."""
    children = {child.slug: child for child in parent.get_children()}
    current = [child.slug for child in parent.get_children()]
    ordered = [slug for slug in wanted if slug in children]
    if current[: len(ordered)] == ordered:
        return
    for slug in reversed(ordered):
        children[slug].refresh_from_db()
        first = parent.get_children().first()
        if first is not None and first.pk != children[slug].pk:
            children[slug].move(first, pos="left")


def _find_live_page(identifiers: list[str]) -> Page | None:
    live_pages = Page.objects.live().public()
    for identifier in identifiers:
        page = (
            live_pages.filter(slug=identifier).first()
            or live_pages.filter(title__iexact=identifier).first()
        )
        if page is not None:
            return page
    return None


@transaction.atomic
def seed_search_promotions() -> int:
    """Promote the page for each seeded query; skip (and log) queries whose page is missing.

    Returns the number of promotions that exist for the seeded queries after the run.
    """
    seeded = 0
    for promotion in load_data("search_promotions"):
        page = _find_live_page(promotion["pages"])
        if page is None:
            logger.info(
                "Search promotion for %r skipped: no live page %r",
                promotion["query"],
                promotion["pages"],
            )
            continue
        SearchPromotion.objects.update_or_create(
            query=Query.get(promotion["query"]),
            page=page,
            defaults={"description": promotion["description"], "sort_order": 0},
        )
        seeded += 1
    return seeded


def load_section() -> SeedReport:
    """Create what is missing of the seeded section and report what the run did.

    Wagtail's audit log records every publish. Its copies on stdout (`editorial.audit`) and
    Wagtail's own one-line-per-action log are held back while seeding, so a run prints one
    summary line rather than some 150 lines. Warnings and errors still show.
    """
    with _quiet_logger(AUDIT_LOGGER_NAME), _quiet_logger("wagtail"):
        return _load_section()


@contextmanager
def _quiet_logger(name: str) -> Iterator[None]:
    quietened = logging.getLogger(name)
    level = quietened.level
    quietened.setLevel(logging.WARNING)
    try:
        yield
    finally:
        quietened.setLevel(level)


@transaction.atomic
def _load_section() -> SeedReport:
    seeder = _Seeder()
    seeder.ensure_locale()
    seeder.ensure_records(load_data("records"))
    home = seeder.ensure_pages(load_data("pages"))
    seeder.ensure_site(load_data("site"))
    seeder.report.promotions = seed_search_promotions()
    seeder.report.home = home
    return seeder.report


def seed_section() -> Page:
    """Create or update the seeded content and return the home page. A rerun changes nothing."""
    home = load_section().home
    if home is None:
        raise ImproperlyConfigured("Seed data: pages.yaml has no top-level page.")
    return home
