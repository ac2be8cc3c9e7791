"""Page models and records, split by domain; import from here."""

from .base import BasePage
from .documents import KeyDocumentsPage
from .home import HomePage
from .records import Country, DocumentCategory, Organisation

__all__ = [
    "BasePage",
    "Country",
    "DocumentCategory",
    "HomePage",
    "KeyDocumentsPage",
    "Organisation",
]
