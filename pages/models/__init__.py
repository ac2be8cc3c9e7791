"""Page models, split by page type; import from here."""

from .base import BasePage
from .changes import PageChange
from .contacts import ContactPage, ContactPageContact
from .documents import KeyDocumentsPage
from .forums import (
    ForumCoChair,
    ForumLink,
    ForumMemberGovernment,
    ForumMemberOrganisation,
    ForumMilestone,
    ForumPage,
    ForumRecommendation,
    ForumSteeringGroupCoChair,
    WorkingGroupCoChair,
    WorkingGroupContact,
    WorkingGroupPage,
)
from .home import HomePage
from .standard import StandardPage
from .topics import TopicContact, TopicPage, TopicRelatedForum

__all__ = [
    "BasePage",
    "ContactPage",
    "ContactPageContact",
    "ForumCoChair",
    "ForumLink",
    "ForumMemberGovernment",
    "ForumMemberOrganisation",
    "ForumMilestone",
    "ForumPage",
    "ForumRecommendation",
    "ForumSteeringGroupCoChair",
    "HomePage",
    "KeyDocumentsPage",
    "PageChange",
    "StandardPage",
    "TopicContact",
    "TopicPage",
    "TopicRelatedForum",
    "WorkingGroupCoChair",
    "WorkingGroupContact",
    "WorkingGroupPage",
]
