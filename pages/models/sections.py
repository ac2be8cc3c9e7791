"""Helpers for pages whose body is a list of sections."""

from django.utils.functional import cached_property
from wagtail.blocks import StreamValue

from ..blocks import section_anchor


class SectionedBodyMixin:
    """Gives a page with a `body` of sections unique anchors and an “On this page” list."""

    ON_THIS_PAGE_MINIMUM = 3
    body: StreamValue

    @cached_property
    def sections(self) -> list[tuple[str, str, StreamValue.StreamChild]]:
        """The body's sections as (anchor, heading, block), with anchors made unique."""
        seen: set[str] = set()
        result: list[tuple[str, str, StreamValue.StreamChild]] = []
        for block in self.body:
            if block.block_type != "section":
                continue
            anchor = base = section_anchor(block.value)
            number = 2
            while anchor in seen:
                anchor = f"{base}-{number}"
                number += 1
            seen.add(anchor)
            result.append((anchor, block.value.get("heading", ""), block))
        return result

    @property
    def shows_on_this_page(self) -> bool:
        """Whether the page lists its sections: only when it has more than two."""
        return len(self.sections) >= self.ON_THIS_PAGE_MINIMUM
