"""The four editorial groups and exactly the permissions each holds (least privilege)."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)
from wagtail.snippets.models import get_snippet_models

from .workflow import section_root_page, workflow_ensure

EDITORS = "Editors"
MODERATORS = "Moderators"
DOCUMENT_MANAGERS = "Document managers"
SITE_ADMINISTRATORS = "Site administrators"
GOVERNANCE_GROUPS = (EDITORS, MODERATORS, DOCUMENT_MANAGERS, SITE_ADMINISTRATORS)

# Snippet apps whose records editors and moderators look after.
SNIPPET_APPS = ("records",)

ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
# Uploaded document files go through the moderation workflow: "change" opens a file's page and
# submits it; "publish" approves it (in the workflow) or publishes it directly.
SUBMIT_DOCUMENT_FILES = [("keydocs", "change_documentfile")]
PUBLISH_DOCUMENT_FILES = [*SUBMIT_DOCUMENT_FILES, ("keydocs", "publish_documentfile")]
# Model permissions (Django's own) per group, as (app label, codename).
MODEL_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    EDITORS: [*ADMIN_ACCESS, ("editorial", "view_linkproblem"), *SUBMIT_DOCUMENT_FILES],
    MODERATORS: [
        *ADMIN_ACCESS,
        ("sitewide", "view_accessibleformatrequest"),
        ("editorial", "view_linkproblem"),
        *PUBLISH_DOCUMENT_FILES,
    ],
    DOCUMENT_MANAGERS: [*ADMIN_ACCESS, *PUBLISH_DOCUMENT_FILES],
    SITE_ADMINISTRATORS: [
        *ADMIN_ACCESS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("sitewide", "change_portalsettings"),
        ("sitewide", "view_accessibleformatrequest"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("wagtailcore", "add_site"),
        ("wagtailcore", "change_site"),
        ("wagtailcore", "delete_site"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "delete_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("wagtailcore", "delete_task"),
    ],
}
# The groups whose members each group may manage (identity enforces this). Groups themselves
# are defined here and changed only by superusers, so no one can widen their own rights.
MANAGED_GROUPS = {SITE_ADMINISTRATORS: (EDITORS, MODERATORS, DOCUMENT_MANAGERS)}
# Snippet actions per group; "publish", "lock" and "unlock" exist only on some models.
SNIPPET_ACTIONS: dict[str, tuple[str, ...]] = {
    EDITORS: ("add", "change", "view"),
    MODERATORS: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
}
# Page permissions on the section's root page.
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EDITORS: ("add_page", "change_page"),
    MODERATORS: (
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ),
}
# Permissions on the root collection, inherited by every collection below it.
COLLECTION_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    EDITORS: [
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
    ],
    # Wagtail lets anyone who may change a document or image delete it too, so only document
    # managers get "change"; editors and moderators may still edit and delete their own uploads.
    MODERATORS: [
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
    ],
    DOCUMENT_MANAGERS: [
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtailcore", "add_collection"),
        ("wagtailcore", "change_collection"),
        ("wagtailcore", "delete_collection"),
    ],
}


def _permission(app_label: str, codename: str) -> Permission:
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist as error:
        raise LookupError(
            f"Permission {app_label}.{codename} does not exist: run `manage.py migrate` first."
        ) from error


def _snippet_permissions(group_name: str) -> QuerySet[Permission]:
    codenames: list[str] = []
    for model in get_snippet_models():
        if model._meta.app_label in SNIPPET_APPS:
            codenames += [
                f"{action}_{model._meta.model_name}"
                for action in SNIPPET_ACTIONS.get(group_name, ())
            ]
    return Permission.objects.filter(
        content_type__app_label__in=SNIPPET_APPS, codename__in=codenames
    )


def _ensure_group_page_permissions(group: Group, page: Page, codenames: Iterable[str]) -> None:
    wanted = {_permission("wagtailcore", codename) for codename in codenames}
    GroupPagePermission.objects.filter(group=group).exclude(
        page=page, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _ensure_group_collection_permissions(
    group: Group, collection: Collection, pairs: Iterable[tuple[str, str]]
) -> None:
    wanted = {_permission(app_label, codename) for app_label, codename in pairs}
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=collection, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


@transaction.atomic
def governance_ensure() -> Workflow:
    """Create or correct the four editorial groups, their permissions and the moderation workflow.

    Idempotent: a rerun changes nothing, and permissions added by hand to these groups are
    removed, so the groups always hold exactly the least privilege documented in
    docs/operations.md. Returns the moderation workflow.
    """
    section_root = section_root_page()
    root_collection = Collection.get_first_root_node()
    if root_collection is None:
        root_collection = Collection.add_root(name="Root")
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GOVERNANCE_GROUPS}
    for name, group in groups.items():
        model_permissions = [
            _permission(app, codename) for app, codename in MODEL_PERMISSIONS[name]
        ]
        group.permissions.set([*model_permissions, *_snippet_permissions(name)])
        _ensure_group_page_permissions(group, section_root, PAGE_PERMISSIONS.get(name, ()))
        _ensure_group_collection_permissions(
            group, root_collection, COLLECTION_PERMISSIONS.get(name, ())
        )
    return workflow_ensure(section_root=section_root, moderators=groups[MODERATORS])
