"""Wagtail's user views, with superusers and higher groups out of reach of Site administrators."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from wagtail.users.views import users

from . import forms, selectors


class CreateView(users.CreateView):
    """Add a user, granting only groups the acting person may grant."""

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "acting_user": self.request.user}


class EditView(users.EditView):
    """Edit a user only when the acting person may manage them (never a superuser, unless one)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.user_can_manage_user(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "acting_user": self.request.user}


class DeleteView(users.DeleteView):
    """Delete a user only when the acting person may manage them."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.user_can_manage_user(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(users.UserViewSet):
    """The users admin with the least-privilege views and forms."""

    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.PortalUserEditForm if for_update else forms.PortalUserCreationForm
