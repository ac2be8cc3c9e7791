"""Redirects as one tool: the admin form and Wagtail's CSV import accept site paths and refuse
redirect chains and loops.

Wagtail's redirect views and importer build `wagtail.contrib.redirects.forms.RedirectForm`;
`EditorialConfig.ready` points them at `PortalRedirectForm` (see `use_portal_redirect_form`).
tests/editorial/test_redirect_tool.py fails if Wagtail stops using the form we set.
"""

from typing import Any

from django import forms
from django.core.validators import URLValidator
from wagtail.contrib.redirects import views as redirect_views
from wagtail.contrib.redirects.forms import RedirectForm
from wagtail.contrib.redirects.models import Redirect

_url_validator = URLValidator(schemes=["http", "https"])


class SitePathOrURLField(forms.CharField):
    """A path on this site (“/contact-us/”) or a full http(s) address."""

    default_error_messages = {
        "invalid": "Enter a path on this site starting with / (e.g. /contact-us/) or a full "
        "address starting https://.",
    }

    def to_python(self, value: Any) -> str:
        value = (super().to_python(value) or "").strip()
        if not value:
            return value
        if value.startswith("/"):
            if value.startswith("//") or any(ch.isspace() for ch in value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return value
        try:
            _url_validator(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        return value


class PortalRedirectForm(RedirectForm):
    """Wagtail's redirect form, taking site paths as targets and refusing chains and loops."""

    redirect_link = SitePathOrURLField(
        label="Redirect to a path or address",
        required=False,
        max_length=255,
        help_text="A path on this site such as /contact-us/, or a full address starting "
        "https://. Or choose a page above, which follows the page if it moves.",
    )

    class Meta(RedirectForm.Meta):
        fields = ("old_path", "site", "is_permanent", "redirect_page")

    def clean(self) -> dict[str, Any] | None:
        """Refuse a redirect to itself, to a path that is itself redirected, or one that
        another redirect already points at (a chain or a loop)."""
        cleaned_data = super().clean()
        data = self.cleaned_data
        old_path = data.get("old_path")
        link = data.get("redirect_link") or ""
        if not old_path:
            return cleaned_data
        old_path = Redirect.normalise_path(old_path)
        others = Redirect.objects.exclude(pk=self.instance.pk) if self.instance.pk else None
        others = others if others is not None else Redirect.objects.all()
        if link.startswith("/"):
            target = Redirect.normalise_path(link)
            if target == old_path:
                self.add_error("redirect_link", "This redirects the path to itself (a loop).")
            else:
                onward = others.filter(old_path=target).first()
                if onward is not None:
                    self.add_error(
                        "redirect_link",
                        f"{target} is itself redirected to {onward.link or 'a page'}: point "
                        "straight at the final address so visitors are not sent through a chain.",
                    )
        incoming = others.filter(redirect_link__in=[old_path, old_path + "/"]).first()
        if incoming is not None:
            self.add_error(
                "old_path",
                f"{incoming.old_path} already redirects here: change that redirect to point "
                "straight at the new address instead of making a chain.",
            )
        self.instance.redirect_link = link
        return cleaned_data


def use_portal_redirect_form() -> None:
    """Point Wagtail's redirect add/edit views and its CSV importer at `PortalRedirectForm`."""
    redirect_views.CreateView.form_class = PortalRedirectForm
    redirect_views.EditView.form_class = PortalRedirectForm
    redirect_views.RedirectForm = PortalRedirectForm  # used by create_redirects_from_dataset
