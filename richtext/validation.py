"""Check the page, document and other object links (and embeds) in rich text before it is saved.

Every link type and embed type registered with Wagtail's feature registry whose handler names a
model (`get_model()`) is checked: its `id` must be a valid primary key of an existing object.
Unknown link types are refused too, as Wagtail would render them as empty links.
"""

from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db.models import Model
from wagtail.rich_text import features

# Link types stored as plain `href` links, never as references to objects.
HREF_LINK_TYPES = frozenset({"external", "email", "anchor"})


@dataclass(frozen=True)
class Reference:
    """One `<a linktype=…>` or `<embed embedtype=…>` tag in stored rich text."""

    kind: str  # "link" or "embed"
    type: str
    object_id: str | None


class _ReferenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("linktype"):
            self.references.append(Reference("link", str(values["linktype"]), values.get("id")))
        elif tag == "embed" and values.get("embedtype"):
            self.references.append(Reference("embed", str(values["embedtype"]), values.get("id")))

    handle_startendtag = handle_starttag


def rich_text_references(html: str) -> list[Reference]:
    """Every object link and embed in stored rich text, in order."""
    parser = _ReferenceParser()
    parser.feed(html or "")
    parser.close()
    return parser.references


def handler_model(reference: Reference) -> type[Model] | None:
    """The model a registered link or embed handler points at, or None if it has none."""
    handlers = features.get_link_types() if reference.kind == "link" else features.get_embed_types()
    handler = handlers.get(reference.type)
    if handler is None:
        raise LookupError(reference.type)
    try:
        model = handler.get_model()
    except NotImplementedError:
        return None
    return model if isinstance(model, type) and issubclass(model, Model) else None


def valid_pk(model: type[Model], object_id: str | None) -> object | None:
    """`object_id` as the model's primary key, or None when it is not a valid one."""
    if object_id is None or not object_id.strip():
        return None
    try:
        return model._meta.pk.to_python(object_id)
    except ValidationError:
        return None


def broken_references(html: str) -> list[tuple[Reference, str]]:
    """Each bad link or embed in `html` with the reason, in order (one query per model)."""
    problems: list[tuple[Reference, str]] = []
    wanted: dict[type[Model], dict[object, list[Reference]]] = defaultdict(dict)
    for reference in rich_text_references(html):
        if reference.kind == "link" and reference.type in HREF_LINK_TYPES:
            continue
        try:
            model = handler_model(reference)
        except LookupError:
            problems.append((reference, "unknown"))
            continue
        if model is None:
            continue
        pk = valid_pk(model, reference.object_id)
        if pk is None:
            problems.append((reference, "invalid"))
        else:
            wanted[model].setdefault(pk, []).append(reference)
    for model, by_pk in wanted.items():
        found = set(model._default_manager.filter(pk__in=list(by_pk)).values_list("pk", flat=True))
        for pk, references in by_pk.items():
            if pk not in found:
                problems.extend((reference, "missing") for reference in references)
    return problems


def _describe(reference: Reference, reason: str) -> str:
    what = f"{reference.type} {reference.kind}"
    if reason == "unknown":
        return f"It contains a link of an unknown type ({reference.type!r}). Remove the link."
    if reason == "invalid":
        return (
            f"It contains a {what} whose target is not valid (id {reference.object_id!r}). "
            "Remove the link and choose its target again."
        )
    return (
        f"It contains a {what} to something that no longer exists (id {reference.object_id!r}). "
        "Remove the link or choose another target."
    )


def validate_rich_text_references(value: object) -> None:
    """Django validator: refuse rich text with a bad page, document or other object link."""
    html = getattr(value, "source", value)
    problems = broken_references(str(html or ""))
    if problems:
        raise ValidationError(
            [
                ValidationError(_describe(reference, reason), code="broken_rich_text_link")
                for reference, reason in problems
            ]
        )
