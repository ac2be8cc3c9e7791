"""Admin views for records beyond Wagtail's add/edit/delete: the one-step role rename."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import ModelPermissionPolicy

from .forms import RoleRenameForm
from .models import Role
from .services import role_rename

role_permission_policy = ModelPermissionPolicy(Role)


class RoleRenameView(WagtailAdminTemplateMixin, FormView):
    """Rename a role in one step: new title, effective date and an optional note.

    A user who may publish roles renames it live; one who may only change roles saves the
    rename as a draft for a moderator to publish.
    """

    form_class = RoleRenameForm
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "user"
    page_title = "Rename role"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.role = get_object_or_404(Role, pk=kwargs["pk"])
        if not role_permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.can_publish = role_permission_policy.user_has_permission(request.user, "publish")
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return f"Rename “{self.role.title}”"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_records_role:list"), "label": "Roles"},
            {
                "url": reverse("wagtailsnippets_records_role:edit", args=[self.role.pk]),
                "label": self.role.title,
            },
            {"url": "", "label": "Rename"},
        ]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "current_title": self.role.title}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            media=context["form"].media,
            submit_button_label="Rename and publish"
            if self.can_publish
            else "Save rename as draft",
            submit_button_active_label="Renaming…",
        )
        return context

    def form_valid(self, form: RoleRenameForm) -> HttpResponse:
        user = self.request.user if self.request.user.is_authenticated else None
        try:
            role_rename(
                role=self.role,
                new_title=form.cleaned_data["new_title"],
                effective_date=form.cleaned_data["effective_date"],
                note=form.cleaned_data["note"],
                user=user,
                publish=self.can_publish,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        if self.can_publish:
            messages.success(self.request, f"Role renamed to “{self.role.title}” and published.")
        else:
            messages.success(
                self.request,
                f"Rename to “{self.role.title}” saved as a draft; a moderator must publish it.",
            )
        return HttpResponseRedirect(
            reverse("wagtailsnippets_records_role:edit", args=[self.role.pk])
        )
