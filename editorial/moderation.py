"""Concurrent moderation: one decision per workflow task, the second moderator told who won.

Wagtail's `TaskState.approve()` and `reject()` check the status of the object in memory, so two
moderators acting at once both pass the check and both write a log entry. The guard below runs
inside the same transaction (both methods are atomic) just before the task state is saved with
its decision: it locks the row (`SELECT … FOR UPDATE`) and re-reads the committed status. The
second request waits for the first to commit, finds the task decided, and raises
`TaskAlreadyDecided`; its transaction rolls back, so nothing of it is written.
`ModerationConflictMiddleware` turns that into a message ("already approved by …") on the page
the moderator came from. Public override points only: Django's `pre_save` signal on Wagtail's
`TaskState` model and a middleware; tests/editorial/test_concurrent_moderation.py is the canary.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import TaskState

DECIDED_STATUSES = {TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED}
DECISION_WORDS = {TaskState.STATUS_APPROVED: "approved", TaskState.STATUS_REJECTED: "rejected"}


class TaskAlreadyDecided(Exception):
    """Another moderator decided this task first."""

    def __init__(self, *, status: str, decided_by: str) -> None:
        self.status = status
        self.decided_by = decided_by
        word = DECISION_WORDS.get(status, status.replace("_", " "))
        super().__init__(f"This change was already {word} by {decided_by}. Nothing else was done.")


def task_state_decision_guard(
    sender: Any, instance: TaskState, raw: bool = False, **kwargs: Any
) -> None:
    """Refuse to record a decision on a task state that is no longer in progress (pre_save)."""
    if raw or instance.pk is None or instance.status not in DECIDED_STATUSES:
        return
    current = (
        TaskState.objects.select_for_update()
        .filter(pk=instance.pk)
        .values_list("status", "finished_by")
        .first()
    )
    if current is None or current[0] == TaskState.STATUS_IN_PROGRESS:
        return
    status, finished_by = current
    user = get_user_model().objects.filter(pk=finished_by).first() if finished_by else None
    decided_by = (user.get_full_name() or user.get_username()) if user else "another moderator"
    raise TaskAlreadyDecided(status=status, decided_by=decided_by)


class ModerationConflictMiddleware:
    """Shows `TaskAlreadyDecided` as a message instead of an error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A message and a way back for the moderator who came second."""
        if not isinstance(exception, TaskAlreadyDecided):
            return None
        messages.warning(request, str(exception))
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = "/admin/"
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return JsonResponse({"step": "success", "redirect": back})
        return HttpResponseRedirect(back)
