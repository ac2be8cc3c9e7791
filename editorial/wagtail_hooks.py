"""Admin integration: the review-dates dashboard panel and the audit log's own actions."""

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import selectors
from .models import LinkProblem


class ReviewDuePanel(Component):
    """Dashboard panel listing live pages overdue for review and those due within 30 days."""

    name = "review_due"
    order = 150
    template_name = "editorial/panels/review_due.html"

    def get_context_data(self, parent_context):
        review = selectors.pages_due_for_review()
        return {
            "overdue": review.overdue,
            "due_soon": review.due_soon,
            "horizon_days": selectors.REVIEW_HORIZON_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    if PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"]):
        panels.append(ReviewDuePanel())


@hooks.register("register_log_actions")
def register_editorial_log_actions(actions):
    actions.register_action("editorial.login", "Log in", "Logged in")
    actions.register_action("editorial.login_failed", "Failed log in", "Failed to log in")


class LinkProblemViewSet(ModelViewSet):
    """Reports → Broken links: what the scheduled link check found, page by page."""

    model = LinkProblem
    icon = "warning"
    menu_label = "Broken links"
    add_to_admin_menu = False
    list_display = ["page", "url", "kind", "problem", "first_seen", "last_checked"]
    list_filter = ["kind"]
    search_fields = ["url", "problem"]
    form_fields = ["url"]
    inspect_view_enabled = True
    copy_view_enabled = False


link_problem_viewset = LinkProblemViewSet("broken_links")


@hooks.register("register_admin_viewset")
def register_broken_links() -> LinkProblemViewSet:
    return link_problem_viewset


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item() -> object:
    return link_problem_viewset.get_menu_item()
