"""Forums (e.g. the Bali Process) and their working groups; co-chairs and members are records."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from richtext.fields import RichTextField

from ..blocks import BodyBlock, DocumentsBlock
from .base import BasePage
from .contacts import PageContactPoint
from .sections import SectionedBodyMixin

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]
SHORT_RICH_TEXT = ["bold", "italic", "link"]


class ForumPage(SectionedBodyMixin, BasePage):
    """An international forum, e.g. the Bali Process: co-chairs, members and a business track."""

    page_description = (
        "An international forum such as the Bali Process: co-chairs, members, milestones "
        "and working groups."
    )

    show_in_menus_default = True

    full_name = models.CharField(
        max_length=255,
        help_text="Full official name, e.g. “Bali Process on People Smuggling, Trafficking in "
        "Persons and Related Transnational Crime”.",
    )
    short_name = models.CharField(
        max_length=80, blank=True, help_text="Short name used in running text, e.g. “Bali Process”."
    )
    established_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Year the forum was established.",
    )
    introduction = RichTextField(
        blank=True, features=SHORT_RICH_TEXT, help_text="What the forum is and why it matters."
    )
    member_governments_complete = models.BooleanField(
        default=False,
        help_text="Tick only when every member government is recorded below. Until then the page "
        "lists the recorded members as “include” and states no count.",
    )
    member_organisations_complete = models.BooleanField(
        default=False,
        help_text="Tick only when every member organisation is recorded below. Until then the "
        "page lists the recorded members as “include” and states no count.",
    )
    steering_group = RichTextField(
        blank=True,
        features=SHORT_RICH_TEXT,
        help_text="What the steering group does. Its co-chairs are listed from the records below.",
    )
    regional_support_office = RichTextField(
        blank=True, features=SHORT_RICH_TEXT, help_text="What the forum's support office does."
    )
    working_groups_introduction = RichTextField(
        blank=True,
        features=SHORT_RICH_TEXT,
        help_text="Sentence introducing the working groups, which are listed automatically.",
    )
    business_track_name = models.CharField(
        max_length=255, blank=True, help_text="e.g. “Government and Business Forum”."
    )
    business_track_acronym = models.CharField(max_length=20, blank=True, help_text="e.g. “GABF”.")
    business_track_established_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text="Year the business track began.",
    )
    business_track_description = RichTextField(
        blank=True, features=SHORT_RICH_TEXT, help_text="What the business track does."
    )
    business_track_website = models.URLField(
        blank=True,
        help_text="The business track's own website, starting https://. Shown as a link after "
        "its description.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="Further sections shown after the forum's structured details.",
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("full_name"), FieldPanel("short_name"), FieldPanel("established_year")],
            heading="Name and history",
        ),
        FieldPanel("introduction"),
        InlinePanel("co_chairs", heading="Co-chairs", label="Co-chair", min_num=0),
        InlinePanel("milestones", heading="Milestones", label="Milestone"),
        MultiFieldPanel(
            [
                FieldPanel("member_governments_complete"),
                InlinePanel("member_governments", label="Member government"),
            ],
            heading="Member governments",
        ),
        MultiFieldPanel(
            [
                FieldPanel("member_organisations_complete"),
                InlinePanel("member_organisations", label="Member organisation"),
            ],
            heading="Member organisations",
        ),
        MultiFieldPanel(
            [
                FieldPanel("steering_group"),
                InlinePanel("steering_group_co_chairs", label="Steering group co-chair"),
            ],
            heading="Steering group",
        ),
        FieldPanel("regional_support_office"),
        FieldPanel("working_groups_introduction"),
        MultiFieldPanel(
            [
                FieldPanel("business_track_name"),
                FieldPanel("business_track_acronym"),
                FieldPanel("business_track_established_year"),
                FieldPanel("business_track_description"),
                FieldPanel("business_track_website"),
                InlinePanel("recommendations", label="Recommendation"),
            ],
            heading="Business track",
        ),
        InlinePanel("links", heading="External websites", label="Website"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("full_name"),
        index.SearchField("short_name"),
        index.SearchField("introduction"),
        index.SearchField("business_track_name"),
        index.SearchField("body"),
    ]

    api_fields = [
        *BasePage.api_fields,
        APIField("full_name"),
        APIField("short_name"),
        APIField("established_year"),
        APIField("body"),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.WorkingGroupPage"]

    class Meta:
        verbose_name = "forum page"

    def __str__(self) -> str:
        return self.title

    @property
    def name_in_text(self) -> str:
        """The name used in running text: the short name, or the full name."""
        return self.short_name or self.full_name


class ForumCoChair(Orderable):
    """A country co-chairing the forum, in the order named."""

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="co_chairs")
    country = models.ForeignKey(
        "records.Country", on_delete=models.PROTECT, related_name="+", help_text="The co-chair."
    )

    panels = [FieldPanel("country")]


class ForumSteeringGroupCoChair(Orderable):
    """A country co-chairing the forum's steering group."""

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="steering_group_co_chairs")
    country = models.ForeignKey(
        "records.Country",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A steering group co-chair.",
    )

    panels = [FieldPanel("country")]


class ForumMemberGovernment(Orderable):
    """A member government of the forum; the public count is the number of these records."""

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="member_governments")
    country = models.ForeignKey(
        "records.Country",
        on_delete=models.PROTECT,
        related_name="forum_memberships",
        help_text="The member government.",
    )

    panels = [FieldPanel("country")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "country"], name="unique_forum_member_government"
            )
        ]


class ForumMemberOrganisation(Orderable):
    """A member organisation of the forum; the public count is the number of these records."""

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="member_organisations")
    organisation = models.ForeignKey(
        "records.Organisation",
        on_delete=models.PROTECT,
        related_name="forum_memberships",
        help_text="The member organisation.",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "organisation"], name="unique_forum_member_organisation"
            )
        ]


class ForumMilestone(Orderable):
    """A dated event in the forum's history, e.g. a ministerial conference."""

    class Precision(models.TextChoices):
        DAY = "day", "Exact day"
        YEAR = "year", "Year only"

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(
        help_text="When it happened. For events known only by year, enter 1 January of that year."
    )
    precision = models.CharField(
        max_length=4,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="Show the full date, or only the year.",
    )
    title = models.CharField(
        max_length=255, help_text="What happened, e.g. “Eighth Ministerial Conference”."
    )
    description = RichTextField(
        blank=True, features=SHORT_RICH_TEXT, help_text="What was decided or marked."
    )

    panels = [
        FieldPanel("date"),
        FieldPanel("precision"),
        FieldPanel("title"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "milestone"

    def __str__(self) -> str:
        return self.title


class ForumRecommendation(Orderable):
    """One of the business track's recommendations, e.g. “Acknowledge” the scale of the problem."""

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="recommendations")
    keyword = models.CharField(
        max_length=40, help_text="The recommendation's first word, e.g. “Act”."
    )
    text = models.CharField(
        max_length=500, help_text="The rest of the recommendation, following the keyword."
    )

    panels = [FieldPanel("keyword"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "recommendation"


class ForumLink(Orderable):
    """An external website about the forum."""

    page = ParentalKey(ForumPage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=255, help_text="Link text, e.g. “Bali Process website”.")
    url = models.URLField(help_text="The address, starting https://.")

    panels = [FieldPanel("title"), FieldPanel("url")]


class WorkingGroupPage(BasePage):
    """A working group, task force or technical experts group of a forum."""

    page_description = (
        "A working group, task force or experts group of a forum: purpose, co-chairs, "
        "documents and contact."
    )

    show_in_menus_default = True

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", "Working group"
        TASK_FORCE = "task_force", "Task force"
        TECHNICAL_EXPERTS_GROUP = "technical_experts_group", "Technical experts group"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        CONCLUDED = "concluded", "Concluded"

    acronym = models.CharField(max_length=20, blank=True, help_text="Short form, if one is used.")
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        default=Kind.WORKING_GROUP,
        help_text="What sort of group this is.",
    )
    purpose = RichTextField(
        blank=True,
        features=SHORT_RICH_TEXT,
        help_text="What the group works on, shown first under the heading “Purpose”.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text="Whether the group is meeting now.",
    )
    documents = StreamField(
        DocumentsBlock(),
        blank=True,
        help_text="The group's documents: terms of reference, outcome statements and reports.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("acronym"),
        FieldPanel("kind"),
        FieldPanel("status"),
        FieldPanel("purpose"),
        InlinePanel("co_chairs", heading="Co-chairs", label="Co-chair"),
        FieldPanel("documents", heading="Related documents"),
        InlinePanel("contacts", heading="Contact", label="Contact point"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("purpose")]

    api_fields = [
        *BasePage.api_fields,
        APIField("acronym"),
        APIField("kind"),
        APIField("status"),
        APIField("purpose"),
    ]
    parent_page_types = ["pages.ForumPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "working group page"


class WorkingGroupContact(PageContactPoint):
    """A contact point shown at the foot of a working group page."""

    page = ParentalKey(WorkingGroupPage, on_delete=models.CASCADE, related_name="contacts")


class WorkingGroupCoChair(Orderable):
    """A country co-chairing a working group, optionally through a lead agency."""

    page = ParentalKey(WorkingGroupPage, on_delete=models.CASCADE, related_name="co_chairs")
    country = models.ForeignKey(
        "records.Country", on_delete=models.PROTECT, related_name="+", help_text="The co-chair."
    )
    lead_agency = models.ForeignKey(
        "records.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the agency that leads for this country.",
    )

    panels = [FieldPanel("country"), FieldPanel("lead_agency")]
