"""User forms that offer only what the person editing may grant; images within a pixel limit."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from . import selectors
from .selectors import StaffUser


class LeastPrivilegeMixin:
    """Hides superuser status from non-superusers and limits groups to those they may grant."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, acting_user: StaffUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        if not acting_user.is_superuser:
            self.fields.pop("is_superuser", None)
        if "groups" in self.fields:
            self.fields["groups"].queryset = selectors.groups_grantable_by(acting_user)

    def clean_groups(self) -> Any:
        """Refuse any group outside those the acting person may grant, whatever was posted."""
        groups = self.cleaned_data.get("groups")
        grantable = set(selectors.groups_grantable_by(self.acting_user))
        if groups is not None and not set(groups) <= grantable:
            raise forms.ValidationError(
                "You cannot add people to a group with more rights than yours."
            )
        return groups


class PortalUserCreationForm(LeastPrivilegeMixin, UserCreationForm):
    """Wagtail's add-user form under the least-privilege rules."""


class PortalUserEditForm(LeastPrivilegeMixin, UserEditForm):
    """Wagtail's edit-user form under the least-privilege rules."""


class PixelLimitedImageField(WagtailImageField):
    """Wagtail's image field; an image Pillow refuses as a decompression bomb is a form error."""

    def to_python(self, data: Any) -> Any:
        try:
            return super().to_python(data)
        except Image.DecompressionBombError as error:
            raise ValidationError(
                f"This image has too many pixels (the limit is {self.max_image_pixels:,}).",
                code="file_too_many_pixels",
            ) from error


class PixelLimitedImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the pixel-limited file field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = PixelLimitedImageField(
                label=field.label, required=field.required, widget=field.widget
            )
