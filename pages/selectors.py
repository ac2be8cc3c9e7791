"""Cross-model reads for public pages.

Every public read filters to live records and live, public pages, and reads related records with
`select_related`/`prefetch_related` so a page costs a fixed number of queries however many
working groups, co-chairs, contacts or documents it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Manager, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from wagtail.blocks import StreamValue
from wagtail.models import Page, get_page_models

from keydocs.selectors import public_documents, with_document_versions
from records.models import Organisation, Role
from records.selectors import live_role, page_contact_points
from sitewide.selectors import LINK_FIELDS, live_public, live_public_pages

from . import models
from .text import english_list


def pages_showing_roles(role_ids: Iterable[int]) -> dict[int, Page]:
    """For each role id, the live, public page that leads with it: a topic first, else home.

    Returns `{role_id: page}`, the first page in tree order, in at most two queries; roles that
    no public page leads with are left out.
    """
    waiting = set(role_ids)
    pages: dict[int, Page] = {}
    for model in (models.TopicPage, models.HomePage):
        if not waiting:
            break
        candidates = model.objects.live().public().filter(lead_role__in=waiting).order_by("-path")
        for page in candidates:
            pages[page.lead_role_id] = page
        waiting -= set(pages)
    return pages


def working_groups_for_forum(forum: Page) -> list[models.WorkingGroupPage]:
    """The forum's live, public working groups with `live_co_chairs` and `co_chairs_sentence`."""
    co_chairs = Prefetch(
        "co_chairs",
        queryset=models.WorkingGroupCoChair.objects.filter(country__live=True)
        .select_related("country", "lead_agency")
        .order_by("sort_order", "pk"),
        to_attr="live_co_chairs",
    )
    groups = list(
        live_public(models.WorkingGroupPage.objects.child_of(forum))
        .only(*LINK_FIELDS)
        .prefetch_related(co_chairs)
        .order_by("path")
    )
    for group in groups:
        group.co_chairs_sentence = co_chairs_sentence(group.live_co_chairs)
    return groups


def working_group_co_chairs(group: models.WorkingGroupPage) -> list[models.WorkingGroupCoChair]:
    """A working group's live co-chairs in order, with their lead agencies."""
    return list(
        group.co_chairs.filter(country__live=True)
        .select_related("country", "lead_agency")
        .order_by("sort_order", "pk")
    )


def co_chairs_sentence(
    co_chairs: Iterable[models.ForumCoChair | models.WorkingGroupCoChair],
) -> str:
    """“co-chaired by Australia and Indonesia”, generated from co-chair records; '' if none."""
    names = [co_chair.country.name_in_sentence for co_chair in co_chairs]
    return f"co-chaired by {english_list(names)}" if names else ""


def working_group_page_records(group: models.WorkingGroupPage) -> dict[str, Any]:
    """What a working group page shows beyond its fields: co-chairs, its forum and contacts."""
    co_chairs = working_group_co_chairs(group)
    forum = models.ForumPage.objects.parent_of(group).live().public().first()
    return {
        "co_chairs": co_chairs,
        "co_chairs_names": co_chairs_with_agencies(co_chairs),
        "co_chairs_sentence": co_chairs_sentence(co_chairs),
        "forum": forum,
        "contact_points": page_contact_points(group.contacts),
    }


def co_chairs_with_agencies(co_chairs: Iterable[models.WorkingGroupCoChair]) -> str:
    """“Australia (Lead Agency) and Indonesia”: co-chair countries with any live lead agency."""
    labels = []
    for co_chair in co_chairs:
        agency = co_chair.lead_agency
        if agency is not None and agency.live:
            labels.append(f"{co_chair.country.name} ({agency.name})")
        else:
            labels.append(co_chair.country.name)
    return english_list(labels)


def _live_links(relation: Manager, field: str) -> list[Any]:
    """The live records an ordered relation links to through `field`, in the editor's order."""
    links = (
        relation.filter(**{f"{field}__live": True})
        .select_related(field)
        .order_by("sort_order", "pk")
    )
    return [getattr(link, field) for link in links]


def member_organisations(forum: models.ForumPage) -> list[Organisation]:
    """The forum's live member organisations, in the editor's order."""
    return _live_links(forum.member_organisations, "organisation")


def forum_page_records(forum: models.ForumPage) -> dict[str, Any]:
    """Everything the forum page shows beyond its own fields, in a fixed number of queries."""
    co_chairs = _live_links(forum.co_chairs, "country")
    steering = _live_links(forum.steering_group_co_chairs, "country")
    governments = _live_links(forum.member_governments, "country")
    organisations = member_organisations(forum)
    return {
        "co_chairs": co_chairs,
        "co_chairs_names": english_list(c.name for c in co_chairs),
        "steering_group_co_chairs_names": english_list(c.name_in_sentence for c in steering),
        "member_governments": governments,
        "member_organisations": organisations,
        "working_groups": working_groups_for_forum(forum),
        "milestones": list(forum.milestones.order_by("date", "sort_order", "pk")),
        "recommendations": list(forum.recommendations.order_by("sort_order", "pk")),
        "links": list(forum.links.order_by("sort_order", "pk")),
    }


def topic_page_records(topic: models.TopicPage) -> dict[str, Any]:
    """The lead role, related forums (with co-chairs sentence) and contacts a topic page shows."""
    forum_ids = list(
        topic.related_forums.order_by("sort_order", "pk").values_list("forum_id", flat=True)
    )
    co_chairs = Prefetch(
        "co_chairs",
        queryset=models.ForumCoChair.objects.filter(country__live=True)
        .select_related("country")
        .order_by("sort_order", "pk"),
        to_attr="live_co_chairs",
    )
    forums = {
        forum.pk: forum
        for forum in live_public(models.ForumPage.objects.filter(pk__in=forum_ids))
        .only(*LINK_FIELDS, "summary")
        .prefetch_related(co_chairs)
    }
    for forum in forums.values():
        forum.co_chairs_sentence = co_chairs_sentence(forum.live_co_chairs)
    return {
        "lead_role": live_role(topic.lead_role_id),
        "related_forums": [forums[pk] for pk in forum_ids if pk in forums],
        "contact_points": page_contact_points(topic.contacts),
    }


def shown_records(page: Page) -> dict[str, Any]:
    """What a page shows beyond its own fields, for its template, in a fixed number of queries.

    Topic and forum pages: their records and section navigation; working-group, home and contact
    pages: their records; other pages: nothing. The page template passes this to
    `{% cached_content %}`, which reads it only when the content must be rendered.
    """
    if isinstance(page, models.TopicPage):
        return {**topic_page_records(page), "section_navigation": section_navigation(page)}
    if isinstance(page, models.ForumPage):
        return {**forum_page_records(page), "section_navigation": section_navigation(page)}
    if isinstance(page, models.WorkingGroupPage):
        return working_group_page_records(page)
    if isinstance(page, models.HomePage):
        return home_page_records(page)
    if isinstance(page, models.ContactPage):
        return {"contact_points": page_contact_points(page.contacts)}
    return {}


def home_page_records(home: models.HomePage) -> dict[str, Any]:
    """The lead role, the section's pages, the latest key documents and the publications page."""
    return {
        "lead_role": live_role(home.lead_role_id),
        "section_pages": list(home.get_children().live().public().in_menu().specific()),
        "latest_documents": list(with_document_versions(public_documents())[:5]),
        "publications": models.KeyDocumentsPage.objects.descendant_of(home)
        .live()
        .public()
        .order_by("path")
        .first(),
    }


def section_blocks(page: Page) -> Iterator[StreamValue.StreamChild]:
    """The content blocks inside a page body's sections, in order (none for pages without one)."""
    body = getattr(page, "body", None)
    if body is None:
        return
    for section in body:
        if section.block_type == "section":
            yield from section.value.get("content") or []


def roles_shown_on(page: Page, context: Mapping[str, Any]) -> list[Role]:
    """The live roles a page shows, for its JSON-LD, ordered by title.

    They are the lead role, role blocks and the recipients of the page's contacts and contact
    blocks. The records the page's context and body already loaded for rendering are reused, so
    this adds no queries where `get_context` provides `lead_role` and `contact_points`.
    """
    roles: dict[int, Role] = {}

    def add(role: Role | None) -> None:
        if role is not None and role.live:
            roles[role.pk] = role

    if "lead_role" in context:
        add(context["lead_role"])
    else:
        add(live_role(getattr(page, "lead_role_id", None)))
    if "contact_points" in context:
        contacts = list(context["contact_points"])
    else:
        relation = getattr(page, "contacts", None)
        contacts = page_contact_points(relation) if relation is not None else []
    for block in section_blocks(page):
        if block.block_type == "role":
            add(block.value.get("role"))
        elif block.block_type == "contact":
            contact = block.value.get("contact")
            if contact is not None and contact.live:
                contacts.append(contact)
    for contact in contacts:
        add(contact.recipient_role)
    return sorted(roles.values(), key=lambda role: role.title)


@dataclass(frozen=True)
class SectionNavEntry:
    """A page in the section navigation; the page being read carries its own children."""

    page: Page
    current: bool = False
    children: tuple[Page, ...] = ()


def section_navigation(page: Page) -> list[SectionNavEntry]:
    """The pages beside `page` under its parent and the pages below it, for “In this section”.

    Siblings and children are live, public and shown in menus (“Show in menus” on the Promote
    tab), in tree order, read in one query; the page itself is always listed. A change to a
    page shown in menus purges every cached page, so the list is never stale. Empty when the
    page has neither siblings nor children to show.
    """
    parent_path = page.path[: -Page.steplen]
    rows = list(
        live_public_pages()
        .filter(
            Q(path__startswith=parent_path, depth=page.depth, show_in_menus=True)
            | Q(path__startswith=page.path, depth=page.depth + 1, show_in_menus=True)
            | Q(pk=page.pk)
        )
        .only(*LINK_FIELDS)
        .order_by("path")
    )
    children = tuple(row for row in rows if row.depth == page.depth + 1)
    entries = [
        SectionNavEntry(
            page=row, current=row.pk == page.pk, children=children if row.pk == page.pk else ()
        )
        for row in rows
        if row.depth == page.depth
    ]
    if len(entries) + len(children) < 2:
        return []
    return entries


def related_pages(page_ids: list[int]) -> list[Page]:
    """The live, public pages among `page_ids`, in the given order, with their current titles."""
    if not page_ids:
        return []
    pages = live_public_pages().in_bulk(page_ids)
    return [pages[pk] for pk in dict.fromkeys(page_ids) if pk in pages]


AGLS_TYPE_COLLECTION = "Collection"
AGLS_TYPE_TEXT = "Text"


def _page_type_fields(field: str) -> list[F]:
    """`field` on each page type's table, reached from a `Page` row (for one-query annotations)."""
    return [
        F(f"{model._meta.model_name}__{field}")
        for model in get_page_models()
        if issubclass(model, models.BasePage)
    ]


def agls_metadata(page: models.BasePage) -> dict[str, Any]:
    """AGLS (AS 5044) values of a page: dates, type, subjects (its topics) and function.

    The function is the page's own, else that of the nearest page above it that has one; the
    subjects are the topics the page is (or sits under), else the topics that list its forum,
    else the section (home page). One query, two for a page under a forum and no topic.
    """
    ancestors = list(
        Page.objects.ancestor_of(page)
        .filter(depth__gt=1)
        .annotate(function=Coalesce(*_page_type_fields("agls_function"), Value("")))
        .order_by("-depth")
        .values("pk", "title", "content_type_id", "function")
    )
    function = page.agls_function or next(
        (row["function"] for row in ancestors if row["function"]), ""
    )
    topic_type = ContentType.objects.get_for_model(models.TopicPage).pk
    forum_type = ContentType.objects.get_for_model(models.ForumPage).pk
    chain = [
        {"pk": page.pk, "title": page.title, "content_type_id": page.content_type_id},
        *ancestors,
    ]
    subjects = [row["title"] for row in reversed(chain) if row["content_type_id"] == topic_type]
    if not subjects:
        forum = next((row["pk"] for row in chain if row["content_type_id"] == forum_type), None)
        if forum is not None:
            titles = (
                models.TopicPage.objects.live()
                .filter(related_forums__forum_id=forum)
                .order_by("path")
                .values_list("title", flat=True)
            )
            subjects = list(dict.fromkeys(titles))
    if not subjects:
        subjects = [chain[-1]["title"]]
    listing_types = (models.HomePage, models.KeyDocumentsPage)
    return {
        "title": page.title,
        "created": page.first_published_at,
        "modified": page.last_updated,
        "subjects": subjects,
        "type": AGLS_TYPE_COLLECTION if isinstance(page, listing_types) else AGLS_TYPE_TEXT,
        "function": function,
    }
