"""Rich-text model fields and blocks whose page, document and other links are checked on save.

Use these instead of Wagtail's `RichTextField` and `RichTextBlock` (tests/richtext checks that
every rich text in the project does). Migrations record Wagtail's classes: the check is not schema.
"""

from typing import Any

from wagtail import blocks
from wagtail.fields import RichTextField as WagtailRichTextField

from richtext.validation import validate_rich_text_references


class RichTextField(WagtailRichTextField):
    """Wagtail's rich-text field; a bad object link gets an error on this field."""

    default_validators = [validate_rich_text_references]

    def deconstruct(self) -> Any:
        """Migrations record Wagtail's field."""
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.RichTextField", args, kwargs


class RichTextBlock(blocks.RichTextBlock):
    """Wagtail's rich-text block; a bad object link gets an error on this block."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        validators = list(self.field_options.get("validators") or ())
        self.field_options["validators"] = [*validators, validate_rich_text_references]

    def deconstruct(self) -> Any:
        """Migrations record Wagtail's block (subclasses keep their own path)."""
        path, args, kwargs = super().deconstruct()
        if path == f"{__name__}.RichTextBlock":
            path = "wagtail.blocks.RichTextBlock"
        return path, args, kwargs
