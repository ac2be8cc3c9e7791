"""`{% cached_content [records] [fragment="name"] %}…{% endcached_content %}`: a page's content,
cached.

The enclosed template is the content of the page being served (`page` and `request` in the context),
or with `fragment` a named part of the page that every reader sees alike (the AGLS metadata, the
main navigation), cached under the same versions. When the content cache holds it for the page's
current versions it is output as stored; otherwise `records` (e.g. `page|shown_records`, a mapping)
is resolved, added to the context, and the content is rendered and stored. So `records` is read only
on a miss.
"""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from ..fragments import CONTENT_FRAGMENT, content_slot

register = template.Library()


class CachedContentNode(template.Node):
    """Outputs the page's current content, or renders the enclosed template and stores it."""

    child_nodelists = ("nodelist",)

    def __init__(
        self, nodelist: NodeList, records: FilterExpression | None, fragment: str = CONTENT_FRAGMENT
    ) -> None:
        self.nodelist = nodelist
        self.records = records
        self.fragment = fragment

    def render(self, context: template.Context) -> SafeString | str:
        slot = content_slot(context.get("page"), context.get("request"), fragment=self.fragment)
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
    """Wrap the content of a page; optional: the records it shows, and a fragment name."""
    bits = token.split_contents()[1:]
    fragment = CONTENT_FRAGMENT
    if bits and bits[-1].startswith("fragment="):
        name = bits.pop()[len("fragment=") :]
        if len(name) < 3 or name[0] != name[-1] or name[0] not in "'\"":
            raise template.TemplateSyntaxError("cached_content's fragment is a quoted name")
        fragment = name[1:-1]
    if len(bits) > 1:
        raise template.TemplateSyntaxError(
            "cached_content takes at most one argument besides fragment=: the records shown"
        )
    nodelist = parser.parse(("endcached_content",))
    parser.delete_first_token()
    records = parser.compile_filter(bits[0]) if bits else None
    return CachedContentNode(nodelist, records, fragment)
