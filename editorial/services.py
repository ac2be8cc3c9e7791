"""Writes with rules: roles and moderation, audit entries, redirect import, review reminders."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.snippets.models import get_snippet_models

from . import audit, selectors

EDITORS = "Editors"
MODERATORS = "Moderators"
DOCUMENT_MANAGERS = "Document managers"
SITE_ADMINISTRATORS = "Site administrators"
GOVERNANCE_GROUPS = (EDITORS, MODERATORS, DOCUMENT_MANAGERS, SITE_ADMINISTRATORS)

WORKFLOW_NAME = "Section moderation"
REVIEW_TASK_NAME = "Moderator review"

# Snippet apps whose records editors and moderators look after.
SNIPPET_APPS = ("pages",)

ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
# Model permissions (Django's own) per group, as (app label, codename).
MODEL_PERMISSIONS = {
    EDITORS: ADMIN_ACCESS,
    MODERATORS: ADMIN_ACCESS,
    DOCUMENT_MANAGERS: ADMIN_ACCESS,
    SITE_ADMINISTRATORS: [
        *ADMIN_ACCESS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("editorial", "change_portalsettings"),
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
SNIPPET_ACTIONS = {
    EDITORS: ("add", "change", "view"),
    MODERATORS: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
}
# Page permissions on the section's root page.
PAGE_PERMISSIONS = {
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
COLLECTION_PERMISSIONS = {
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


def _permission(app_label, codename):
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist as error:
        raise LookupError(
            f"Permission {app_label}.{codename} does not exist: run `manage.py migrate` first."
        ) from error


def _snippet_permissions(group_name):
    codenames = []
    for model in get_snippet_models():
        if model._meta.app_label in SNIPPET_APPS:
            codenames += [
                f"{action}_{model._meta.model_name}"
                for action in SNIPPET_ACTIONS.get(group_name, ())
            ]
    return Permission.objects.filter(
        content_type__app_label__in=SNIPPET_APPS, codename__in=codenames
    )


def section_root_page():
    """The page the section's permissions and workflow hang from: the default site's root."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    root = Page.get_first_root_node()
    if root is None:
        raise LookupError("There is no page tree yet: run `manage.py seed_section` first.")
    return root


def _ensure_group_page_permissions(group, page, codenames):
    wanted = {_permission("wagtailcore", codename) for codename in codenames}
    GroupPagePermission.objects.filter(group=group).exclude(
        page=page, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _ensure_group_collection_permissions(group, collection, pairs):
    wanted = {_permission(app_label, codename) for app_label, codename in pairs}
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=collection, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _ensure_workflow(section_root, moderators):
    workflow, _ = Workflow.objects.update_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([moderators])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=section_root, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def governance_ensure():
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
    return _ensure_workflow(section_root, groups[MODERATORS])


def audit_login_record(*, user, request):
    """Record a successful log-in in Wagtail's audit log."""
    log(user, "editorial.login", user=user, data={"ip": _ip(request)})


def audit_login_failure_record(*, username, request):
    """Record a failed log-in in Wagtail's audit log, against the account when it exists."""
    user_model = get_user_model()
    account = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    data = {"username": username, "ip": _ip(request)}
    if account is not None:
        log(account, "editorial.login_failed", user=None, data=data)
        return
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_id="0",
        label=f"Unknown user “{username}”",
        action="editorial.login_failed",
        data=data,
        timestamp=timezone.now(),
    )


def audit_document_change_record(*, document, action):
    """Record a document upload, edit or deletion that Wagtail's own view did not log."""
    log(document, action, content_changed=action != "wagtail.delete")


def _ip(request):
    return audit.client_ip_from_request(request) if request is not None else None


@dataclass
class RedirectImportResult:
    """What an import did."""

    created: int = 0
    updated: int = 0


class RedirectImportError(ValueError):
    """The CSV cannot be imported; `errors` names each bad row and column."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


REDIRECT_COLUMNS = ("old_path", "new_path")


def _decode(data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RedirectImportError(
            [
                f"The file is not UTF-8 text (bad byte at position {error.start}). "
                "Save it as “CSV UTF-8” and try again."
            ]
        ) from error


def _redirect_target(new_path, site):
    """A live page at that path becomes the target (so later moves are followed); else the link."""
    if new_path.startswith("/"):
        page_path = site.root_page.url_path + new_path.strip("/") + "/"
        if new_path.strip("/") == "":
            page_path = site.root_page.url_path
        page = Page.objects.live().filter(url_path=page_path).first()
        if page is not None:
            return {"redirect_page": page, "redirect_link": ""}
    return {"redirect_page": None, "redirect_link": new_path}


def _parse_redirect_rows(text):
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [column for column in REDIRECT_COLUMNS if column not in header]
    if missing:
        found = ", ".join(header) or "nothing"
        raise RedirectImportError(
            [
                f"Row 1 (header): missing column {', '.join(missing)}. "
                f"Expected columns old_path,new_path; found {found}."
            ]
        )
    reader.fieldnames = header
    errors, rows, first_row_for_path = [], [], {}
    for row in reader:
        number = reader.line_num
        if None in row:
            errors.append(f"Row {number}: more values than the {len(header)} columns.")
            continue
        old_raw = (row.get("old_path") or "").strip()
        new_path = (row.get("new_path") or "").strip()
        if not old_raw and not new_path:
            continue
        old_path = Redirect.normalise_path(old_raw) if old_raw else ""
        if not old_path or old_path == "/":
            errors.append(
                f"Row {number}, column old_path: give the legacy path, e.g. /people-smuggling."
            )
        elif not (old_raw.startswith("/") or old_raw.startswith(("http://", "https://"))):
            errors.append(
                f"Row {number}, column old_path: “{old_raw}” must start with / or https://."
            )
        if not new_path.startswith(("/", "http://", "https://")):
            errors.append(
                f"Row {number}, column new_path: “{new_path}” must be a path starting with / "
                "or a full address starting https://."
            )
        elif new_path.startswith("/") and Redirect.normalise_path(new_path) == old_path:
            errors.append(f"Row {number}, column new_path: redirects {old_path} to itself.")
        if old_path in first_row_for_path:
            errors.append(
                f"Row {number}, column old_path: {old_path} is already redirected on row "
                f"{first_row_for_path[old_path]}."
            )
        elif old_path:
            first_row_for_path[old_path] = number
        rows.append((old_path, new_path))
    if not rows and not errors:
        errors.append("The file has a header but no redirects.")
    if errors:
        raise RedirectImportError(errors)
    return rows


def redirects_import(*, data, site=None):
    """Import permanent redirects from CSV text or bytes with columns old_path,new_path.

    All or nothing: every row is checked first, and if any is wrong a RedirectImportError lists
    each problem by row and column and nothing is saved. An old path already redirected is
    updated, so re-importing the same file changes nothing.
    """
    site = site or Site.objects.get(is_default_site=True)
    rows = _parse_redirect_rows(_decode(data))
    result = RedirectImportResult()
    with transaction.atomic():
        for old_path, new_path in rows:
            target = _redirect_target(new_path, site)
            _, created = Redirect.objects.update_or_create(
                old_path=old_path, site=site, defaults={"is_permanent": True, **target}
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


@dataclass
class ReviewReminderResult:
    """Who was emailed, and which pages have nobody to remind."""

    emailed: dict = field(default_factory=dict)
    unowned: list = field(default_factory=list)


def _page_lines(pages):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return [
        f"- {page.title} (review by {page.review_date:%-d %B %Y}): "
        f"{base_url}{reverse('wagtailadmin_pages:edit', args=[page.pk])}"
        for page in pages
    ]


def review_reminders_send(*, today=None, within_days=selectors.REVIEW_HORIZON_DAYS):
    """Email each page owner the pages overdue for review or due within `within_days` days."""
    review = selectors.pages_due_for_review(today=today, within_days=within_days)
    by_owner = defaultdict(lambda: {"overdue": [], "due_soon": []})
    result = ReviewReminderResult()
    for bucket in ("overdue", "due_soon"):
        for page in getattr(review, bucket):
            if page.owner is None or not page.owner.email:
                result.unowned.append(page)
            else:
                by_owner[page.owner][bucket].append(page)
    for owner, pages in by_owner.items():
        sections = []
        if pages["overdue"]:
            sections += ["Overdue for review:", *_page_lines(pages["overdue"]), ""]
        if pages["due_soon"]:
            sections += [f"Due for review in the next {within_days} days:"]
            sections += [*_page_lines(pages["due_soon"]), ""]
        name = owner.get_full_name() or owner.get_username()
        body = "\n".join(
            [
                f"Hello {name},",
                "",
                "These pages you own need checking that they are still accurate. Open each, "
                "check it, then set a new review date and submit it for moderation.",
                "",
                *sections,
            ]
        )
        subject = (
            f"Pages to review: {len(pages['overdue'])} overdue, {len(pages['due_soon'])} due soon"
        )
        send_mail(subject, body, None, [owner.email])
        result.emailed[owner.email] = len(pages["overdue"]) + len(pages["due_soon"])
    return result
