"""Reads of live records, with their related records loaded in a fixed number of queries."""

from django.db.models import Manager, QuerySet

from .models import ContactChannel, ContactPoint, Role


def live_contact_points() -> QuerySet[ContactPoint]:
    """Live contact points with their recipient role, organisation and channels."""
    return (
        ContactPoint.objects.filter(live=True)
        .select_related("recipient_role", "organisation")
        .prefetch_related("channels")
    )


def page_contact_points(relation: Manager | QuerySet) -> list[ContactPoint]:
    """The live contact points of an ordered contact relation, in the editor's order.

    `relation` is any ordered relation with a `contact_point` foreign key and `sort_order`. The
    links and their contact points are read in one query, the channels in a second.
    """
    links = (
        relation.filter(contact_point__live=True)
        .select_related("contact_point__recipient_role", "contact_point__organisation")
        .prefetch_related("contact_point__channels")
        .order_by("sort_order", "pk")
    )
    return [link.contact_point for link in links]


def live_role(role_id: int | None) -> Role | None:
    """The role's live record, or None when there is none or it is unpublished."""
    if not role_id:
        return None
    return Role.objects.filter(pk=role_id, live=True).select_related("organisation").first()


def contact_point_email(contact: ContactPoint | None) -> str:
    """The first e-mail address among a live contact point's channels, or ''."""
    if contact is None or not contact.live:
        return ""
    channel = contact.channels.filter(kind=ContactChannel.Kind.EMAIL).order_by("sort_order").first()
    return channel.value if channel is not None else ""


def first_contact_point_with_email() -> ContactPoint | None:
    """The first live contact point, by label, that has an e-mail channel."""
    return (
        live_contact_points()
        .filter(channels__kind=ContactChannel.Kind.EMAIL)
        .order_by("label", "pk")
        .first()
    )
