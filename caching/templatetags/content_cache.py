"""`{% cached_content [records] %}…{% endcached_content %}`: a page's content, cached.

The enclosed template is the content of the page being served (`page` and `request` in the
context). When the content cache holds it for the page's current versions it is output as
stored; otherwise `records` (e.g. `page.shown_records`, a mapping) is resolved, added to the
context, and the content is rendered and stored. So `records` is read only on a miss.
"""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from ..fragments import content_slot

register = template.Library()


class CachedContentNode(template.Node):
    """Outputs the page's current content, or renders the enclosed template and stores it."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, records: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.records = records

    def render(self, context: template.Context) -> SafeString | str:
        slot = content_slot(context.get("page"), context.get("request"))
        if slot is not None and slot.html is not None:
            return mark_safe(slot.html)  # noqa: S308 - HTML this template rendered and escaped
        records = self.records.resolve(context) if self.records is not None else None
        with context.push(records or {}):
            html = self.nodelist.render(context)
        if slot is not None:
            slot.save(html)
        return html


@register.tag
def cached_content(parser: Parser, token: Token) -> CachedContentNode:
    """Wrap the content of a page; the optional argument gives the records it shows."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(
            "cached_content takes at most one argument: the records the content shows"
        )
    nodelist = parser.parse(("endcached_content",))
    parser.delete_first_token()
    return CachedContentNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)
