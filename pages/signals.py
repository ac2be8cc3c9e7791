"""Signal handlers of the pages app, connected in `PagesConfig.ready`."""

from typing import Any

from wagtail.models import Page, Revision

from .services import page_change_record


def record_page_change(
    sender: type[Page], instance: Page, revision: Revision, **kwargs: Any
) -> None:
    """Add a publish to the page's public change history (see `page_change_record`)."""
    page_change_record(page=instance, revision=revision)
