"""Cache invalidation: the portal's only signal handlers, connected in CachingConfig.ready()."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import post_page_move

from . import selectors, services

# Saves that touch only these fields change drafts, locks or comments, never what the public sees.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)
PUBLIC_PAGE_FIELDS = ("url_path", "title", "live", "show_in_menus")
PREVIOUS_STATE = "_portal_cache_previous_state"


def _draft_only(update_fields: Iterable[str] | None) -> bool:
    return update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS


def remember_previous_state(
    sender: type[Model],
    instance: Model,
    raw: bool = False,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    """Before a page or redirect is saved, note what the public currently sees of it."""
    if raw or instance.pk is None or _draft_only(update_fields):
        return
    if isinstance(instance, Page):
        previous = Page.objects.filter(pk=instance.pk).values(*PUBLIC_PAGE_FIELDS).first()
        setattr(instance, PREVIOUS_STATE, previous)
    elif isinstance(instance, Redirect):
        previous = Redirect.objects.filter(pk=instance.pk).values("old_path").first()
        setattr(instance, PREVIOUS_STATE, previous)
    elif isinstance(instance, BaseViewRestriction):
        model = type(instance)
        previous = model.objects.filter(pk=instance.pk).values(_restricted_field(model)).first()
        setattr(instance, PREVIOUS_STATE, previous)
    elif isinstance(instance, AbstractDocument):
        previous = type(instance).objects.filter(pk=instance.pk).values("collection_id").first()
        setattr(instance, PREVIOUS_STATE, previous)


def purge_after_save(
    sender: type[Model],
    instance: Model,
    created: bool = False,
    raw: bool = False,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    """After a save that can change public content, purge what shows it.

    A settings row created on first read holds only defaults, which pages already show, so its
    creation purges nothing; every later save purges everything. A site change (host, port, root
    page or default) moves every URL, so it purges everything too.
    """
    if raw or _draft_only(update_fields):
        return
    if isinstance(instance, Page):
        previous = getattr(instance, PREVIOUS_STATE, None)
        if instance.live or (previous and previous["live"]):
            services.page_cache_purge_for_page(page=instance, before=previous)
    elif isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        if not created:
            services.page_cache_purge_everything()
    elif isinstance(instance, Site):
        services.page_cache_purge_everything()
    elif isinstance(instance, Redirect):
        previous = getattr(instance, PREVIOUS_STATE, None) or {}
        services.page_cache_purge_paths(
            paths=_redirect_paths(instance.old_path, previous.get("old_path"))
        )
    elif isinstance(instance, BaseViewRestriction):
        _purge_restricted(instance)
    elif selectors.cache_relevant_model(type(instance)):
        services.page_cache_purge_for_record(
            instance=instance, no_stale=_collection_changed(instance)
        )


def purge_before_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """Before a delete, purge what shows the record: its references are gone afterwards."""
    if isinstance(instance, Page):
        if instance.live:
            services.page_cache_purge_for_page(page=instance, removed=True)
    elif isinstance(instance, (BaseSiteSetting, BaseGenericSetting, Site)):
        services.page_cache_purge_everything()
    elif isinstance(instance, Redirect):
        services.page_cache_purge_paths(paths=_redirect_paths(instance.old_path))
    elif selectors.cache_relevant_model(type(instance)):
        services.page_cache_purge_for_record(instance=instance)


def purge_after_restriction_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """After a view restriction is removed, purge what showed the restricted pages or documents.

    Removing privacy changes what the public may see (the pages and listings now show them).
    """
    if isinstance(instance, BaseViewRestriction):
        _purge_restricted(instance)


def purge_after_restriction_groups_change(
    sender: type[Model], instance: Model, action: str, **kwargs: Any
) -> None:
    """After the groups of a view restriction change, purge what showed what it restricts."""
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, BaseViewRestriction
    ):
        _purge_restricted(instance)


def _restricted_field(model: type[Model]) -> str:
    return "page_id" if issubclass(model, PageViewRestriction) else "collection_id"


def _purge_restricted(restriction: BaseViewRestriction) -> None:
    previous = getattr(restriction, PREVIOUS_STATE, None) or {}
    if isinstance(restriction, PageViewRestriction):
        page_ids = {restriction.page_id, previous.get("page_id")} - {None}
        for page in Page.objects.filter(pk__in=page_ids):
            services.page_cache_purge_for_page(page=page, removed=True, private=True)
    elif isinstance(restriction, CollectionViewRestriction):
        collection_ids = {restriction.collection_id, previous.get("collection_id")} - {None}
        for collection in Collection.objects.filter(pk__in=collection_ids):
            services.page_cache_purge_for_collection(collection=collection)


def _collection_changed(instance: Model) -> bool:
    """Whether a document moved collection, so its privacy may have changed."""
    previous = getattr(instance, PREVIOUS_STATE, None)
    return (
        isinstance(instance, AbstractDocument)
        and previous is not None
        and previous["collection_id"] != instance.collection_id
    )


def purge_after_move(
    sender: type[Page],
    instance: Page,
    url_path_before: str,
    url_path_after: str,
    **kwargs: Any,
) -> None:
    """After a move, purge the old and new subtrees, both parents' lines and pages linking here."""
    before = {name: getattr(instance, name) for name in PUBLIC_PAGE_FIELDS}
    before["url_path"] = url_path_before
    instance.url_path = url_path_after
    services.page_cache_purge_for_page(page=instance, before=before, removed=True)


def _redirect_paths(*old_paths: str | None) -> set[str]:
    return {
        variant
        for old_path in old_paths
        if old_path
        for variant in (old_path.rstrip("/") or "/", old_path.rstrip("/") + "/")
    }


def connect_invalidation_handlers() -> None:
    """Connect the handlers for every model; each handler ignores models it does not concern."""
    pre_save.connect(remember_previous_state, dispatch_uid="caching.remember_previous_state")
    post_save.connect(purge_after_save, dispatch_uid="caching.purge_after_save")
    pre_delete.connect(purge_before_delete, dispatch_uid="caching.purge_before_delete")
    post_page_move.connect(purge_after_move, dispatch_uid="caching.purge_after_move")
    post_delete.connect(
        purge_after_restriction_delete, dispatch_uid="caching.purge_after_restriction_delete"
    )
    for restriction_model in (PageViewRestriction, CollectionViewRestriction):
        m2m_changed.connect(
            purge_after_restriction_groups_change,
            sender=restriction_model.groups.through,
            dispatch_uid=f"caching.purge_after_groups_change.{restriction_model.__name__}",
        )
