"""Read an admin edit form as a browser would post it, and find every rich text in the project."""

from html.parser import HTMLParser

from django.apps import apps
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class FormScraper(HTMLParser):
    """The name/value pairs a browser posts from the form with `form_id` (no JavaScript)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "form":
            self.inside = values.get("id") == self.form_id
        if not self.inside or not values.get("name"):
            return
        name = values["name"]
        if tag == "input":
            kind = values.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            self.add(name, values.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = name
            self.add(name, "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in values:
            self.add(self.select, values.get("value", ""))

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def scrape_form(html: str, form_id: str) -> dict[str, list[str]]:
    """The posted data of the form `form_id` in `html`."""
    scraper = FormScraper(form_id)
    scraper.feed(html)
    return scraper.data


def rich_text_fields():
    """Every (model, field) with a rich-text model field in the project's own apps."""
    found = []
    for model in apps.get_models():
        if model.__module__.startswith(("wagtail.", "django.", "taggit.")):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, RichTextField) and field.model is model:
                found.append((model, field))
    return found


def stream_fields():
    """Every (model, StreamField) holding rich-text blocks in the project's own apps."""
    return [
        (model, field)
        for model in apps.get_models()
        if not model.__module__.startswith(("wagtail.", "django."))
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
        and field.model is model
        and any(rich_text_blocks(field.stream_block))
    ]


def rich_text_blocks(block, path=()):
    """Every (path, RichTextBlock) inside a block definition."""
    if isinstance(block, blocks.RichTextBlock):
        yield path, block
    if isinstance(block, blocks.ListBlock):
        yield from rich_text_blocks(block.child_block, (*path, "item"))
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from rich_text_blocks(child, (*path, name))


def owning_page(model, instance):
    """The page an instance belongs to (itself, or an inline child's page) and the relation."""
    if issubclass(model, Page):
        return instance, None
    for field in model._meta.get_fields():
        remote = getattr(field, "remote_field", None)
        if remote and isinstance(remote.model, type) and issubclass(remote.model, Page):
            return getattr(instance, field.name).specific, remote.related_name
    raise LookupError(model)
