"""schema.org JSON-LD for public pages: the department and the page itself on every page,
contact points and documents where shown."""

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from keydocs.models import KeyDocument
from records.models import ContactPoint, Role

JsonObject = dict[str, Any]
SCHEMA_CONTEXT = "https://schema.org"
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_script_json(data: JsonObject) -> SafeString:
    """Serialise data for a `<script type="application/ld+json">`, safe against `</script>`."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308


def department(roles: Iterable[Role] = ()) -> JsonObject:
    """The department as a GovernmentOrganization, with the roles the page shows."""
    data: JsonObject = {
        "@context": SCHEMA_CONTEXT,
        "@type": "GovernmentOrganization",
        "name": settings.PORTAL_DEPARTMENT_NAME,
        "url": settings.PORTAL_DEPARTMENT_URL,
    }
    if roles:
        data["employee"] = [{"@type": "OrganizationRole", "roleName": role.title} for role in roles]
    return data


def web_page(
    *,
    name: str,
    url: str,
    description: str = "",
    date_published: datetime.datetime | None = None,
    date_modified: datetime.datetime | None = None,
) -> JsonObject:
    """A page as a schema.org WebPage with its public dates, published by the department.

    `date_modified` is the page's public "Last updated" date (its latest major change).
    """
    data: JsonObject = {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebPage",
        "name": name,
        "url": url,
        "inLanguage": "en-AU",
        "publisher": {"@type": "GovernmentOrganization", "name": settings.PORTAL_DEPARTMENT_NAME},
    }
    if description:
        data["description"] = description
    if date_published:
        data["datePublished"] = timezone.localdate(date_published).isoformat()
    if date_modified:
        data["dateModified"] = timezone.localdate(date_modified).isoformat()
    return data


def postal_address(contact: ContactPoint) -> JsonObject:
    """A contact point's address as a schema.org PostalAddress."""
    street = ", ".join(part for part in (contact.building, contact.street) if part)
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": contact.suburb,
        "addressRegion": contact.state,
        "postalCode": contact.postcode,
        "addressCountry": "AU"
        if contact.country.strip().lower() == "australia"
        else contact.country,
    }


def contact_point(contact: ContactPoint) -> JsonObject:
    """A contact point as a schema.org ContactPoint carrying its PostalAddress."""
    data: JsonObject = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ContactPoint",
        "name": contact.recipient or contact.label,
        "contactType": contact.label,
        "areaServed": "AU",
        "address": postal_address(contact),
    }
    organisation = contact.organisation
    if organisation is not None and organisation.live:
        data["provider"] = {"@type": "GovernmentOrganization", "name": organisation.name}
    for channel in contact.channels.all():
        if channel.kind == "phone":
            data.setdefault("telephone", channel.value)
        elif channel.kind == "email":
            data.setdefault("email", channel.value)
        elif channel.kind == "web_form":
            data.setdefault("url", channel.value)
    if contact.opening_hours:
        data["hoursAvailable"] = contact.opening_hours
    return data


def digital_document(document: KeyDocument, *, url: str) -> JsonObject:
    """A public document as a schema.org DigitalDocument, with its facts and public publisher."""
    data: JsonObject = {
        "@context": SCHEMA_CONTEXT,
        "@type": "DigitalDocument",
        "name": document.title,
        "url": url,
        "encodingFormat": document.content_type,
        "inLanguage": document.language,
    }
    if document.description:
        data["description"] = document.description
    if document.publication_date:
        data["datePublished"] = document.publication_date.isoformat()
    modified = document.live_since or document.replaced_at or document.created_at
    if modified:
        data["dateModified"] = timezone.localdate(modified).isoformat()
    if document.file_size:
        data["contentSize"] = f"{document.file_size} B"
    if document.page_count:
        data["numberOfPages"] = document.page_count
    if document.sha256:
        data["sha256"] = document.sha256
    publisher = document.publisher
    if publisher is not None and publisher.live:
        data["publisher"] = {"@type": "Organization", "name": publisher.name}
    return data
