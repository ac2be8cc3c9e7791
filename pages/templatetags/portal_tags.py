"""Template tags for public pages: the records they show, page meta, JSON-LD and wording."""

from django import template
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from sitewide import structured_data

from .. import selectors
from ..text import count_in_words

register = template.Library()


@register.filter
def shown_records(page):
    """What the page shows beyond its own fields (`pages.selectors.shown_records`)."""
    return selectors.shown_records(page)


@register.simple_tag
def working_groups_for(forum):
    """A forum's live, public working groups with their co-chairs sentences; [] without one."""
    return selectors.working_groups_for_forum(forum) if forum else []


@register.simple_tag
def member_organisations_of(forum):
    """A forum's live member organisations, in the editor's order; [] without a forum."""
    return selectors.member_organisations(forum) if forum else []


@register.simple_tag
def live_related_pages(pages):
    """The chosen pages that are live and public, in the editor's order, in one query."""
    return selectors.related_pages([page.pk for page in pages or [] if page is not None])


@register.simple_tag(takes_context=True)
def department_json_ld(context, page=None):
    """JSON-LD for the department, naming the live roles the page shows."""
    is_saved_page = getattr(page, "pk", None) is not None  # error pages pass no page, or ""
    roles = selectors.roles_shown_on(page, context) if is_saved_page else []
    return structured_data.to_script_json(structured_data.department(roles))


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page):
    """The page's ancestors below the tree's root, top first: the breadcrumbs above the page.

    For a page directly below its site's root page (depth 2) that root page is the only one,
    and Wagtail already loaded it to route the request, so no query is needed; deeper pages, or
    pages outside the request's site, read their ancestors in one query.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is not None and page.depth == 3:
        root = site.root_page
        if root.depth == 2 and page.path.startswith(root.path):
            return [root]
    return list(page.get_ancestors()[1:])


SOCIAL_IMAGE_RENDITION = "fill-1200x630"


@register.simple_tag(takes_context=True)
def page_meta(context, page=None):
    """The `<title>`, canonical URL and Open Graph values of the page being rendered.

    The title reads "Page title | Section | Department", the section being the site's home page;
    the home page itself reads "Section | Department". The social image is the page's own, else
    the one in the site settings.
    """
    request = context.get("request")
    department = context.get("DEPARTMENT_NAME", "")
    site = Site.find_for_request(request) if request is not None else None
    section = site.root_page.title if site is not None else ""
    is_saved_page = getattr(page, "pk", None) is not None
    if not is_saved_page:
        return {"title_parts": [part for part in (section, department) if part]}
    is_home = site is not None and page.pk == site.root_page_id
    title = page.seo_title or page.title
    parts = [title, department] if is_home or not section else [title, section, department]
    canonical = page.get_full_url(request)
    portal_settings = context.get("PORTAL_SETTINGS")
    image = page.social_image or getattr(portal_settings, "social_image", None)
    image_url = image_alt = ""
    if image is not None:
        try:
            rendition = image.get_rendition(SOCIAL_IMAGE_RENDITION)
        except SourceImageIOError:
            rendition = None
        if rendition is not None:
            image_url = request.build_absolute_uri(rendition.url)
            image_alt = image.description
    return {
        "title_parts": parts,
        "og_title": title,
        "canonical": canonical,
        "og_type": "website" if is_home else "article",
        "image_url": image_url,
        "image_alt": image_alt,
    }


@register.simple_tag
def contact_point_json_ld(contact):
    """JSON-LD for one contact point and its postal address."""
    return structured_data.to_script_json(structured_data.contact_point(contact))


@register.filter
def in_words(number):
    """Numbers up to ten in words."""
    return count_in_words(number)


@register.simple_tag(takes_context=True)
def document_json_ld(context, document):
    """JSON-LD for a document shown on the page, with its absolute address."""
    request = context.get("request")
    url = request.build_absolute_uri(document.url) if request is not None else document.url
    return structured_data.to_script_json(structured_data.digital_document(document, url=url))
