"""Template tags for public pages: JSON-LD and wording helpers."""

from django import template

from .. import selectors, structured_data
from ..text import count_in_words, english_list

register = template.Library()


@register.simple_tag
def department_json_ld(page=None):
    """JSON-LD for the department, naming the live roles the page shows."""
    is_saved_page = getattr(page, "pk", None) is not None  # error pages pass no page, or ""
    roles = selectors.roles_shown_on(page) if is_saved_page else []
    return structured_data.to_script_json(structured_data.department(roles))


@register.simple_tag
def contact_point_json_ld(contact):
    """JSON-LD for one contact point and its postal address."""
    return structured_data.to_script_json(structured_data.contact_point(contact))


@register.filter
def and_list(items):
    """Join names as the department writes them: “A, B and C”."""
    return english_list(items)


@register.filter
def in_words(number):
    """Numbers up to ten in words."""
    return count_in_words(number)
