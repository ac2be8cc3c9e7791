"""The section's moderation workflow: one Moderator review task on the section's root page
and on uploaded document files."""

from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from keydocs.models import DocumentFile

WORKFLOW_NAME = "Section moderation"
REVIEW_TASK_NAME = "Moderator review"


def section_root_page() -> Page:
    """The page the section's permissions and workflow hang from: the default site's root."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    root = Page.get_first_root_node()
    if root is None:
        raise LookupError("There is no page tree yet: run `manage.py seed_section` first.")
    return root


def workflow_ensure(*, section_root: Page, moderators: Group) -> Workflow:
    """Create or correct the moderation workflow, reviewed by `moderators`, on `section_root`
    and on document files (so pages and documents share one review queue)."""
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
    WorkflowContentType.objects.update_or_create(
        content_type=DocumentFile.get_content_type(), defaults={"workflow": workflow}
    )
    return workflow
