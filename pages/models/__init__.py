"""Page models and records, split by domain; import from here."""

from .base import BasePage
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
    WorkingGroupPage,
)
from .home import HomePage
from .records import (
    AustralianState,
    ContactChannel,
    ContactPoint,
    Country,
    DocumentCategory,
    Organisation,
    Role,
    RoleTitle,
)
from .standard import StandardPage
from .topics import TopicContact, TopicPage, TopicRelatedForum

__all__ = [
    "AustralianState",
    "BasePage",
    "ContactChannel",
    "ContactPage",
    "ContactPageContact",
    "ContactPoint",
    "Country",
    "DocumentCategory",
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
    "Organisation",
    "Role",
    "RoleTitle",
    "StandardPage",
    "TopicContact",
    "TopicPage",
    "TopicRelatedForum",
    "WorkingGroupCoChair",
    "WorkingGroupPage",
]
