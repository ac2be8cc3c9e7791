"""`{% cached_content slot %}…{% endcached_content %}`: use or fill a page's content slot."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class CachedContentNode(template.Node):
    """Outputs the slot's current content, or renders the enclosed template and stores it."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, slot):
        self.nodelist = nodelist
        self.slot = slot

    def render(self, context):
        slot = self.slot.resolve(context)
        if slot and slot.is_current:
            return mark_safe(slot.html)  # noqa: S308 - HTML this template rendered and escaped
        html = self.nodelist.render(context)
        if slot:
            slot.save(html)
        return html


@register.tag
def cached_content(parser, token):
    """Wrap the part of a page that its content slot (see caching.fragments) caches."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_content takes one argument: the content slot")
    nodelist = parser.parse(("endcached_content",))
    parser.delete_first_token()
    return CachedContentNode(nodelist, parser.compile_filter(bits[1]))
