"""Records that pages refer to: facts edited once and shown everywhere."""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator, URLValidator
from django.db import models
from django.http import HttpRequest
from django.utils.text import capfirst
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index


class RecordPreviewMixin(PreviewableMixin):
    """Live preview of a record as the public sees it on the pages that show it."""

    preview_component: str = "components/record_facts.html"
    preview_fields: tuple[str, ...] = ()

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "records/record_preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        return {
            **super().get_preview_context(request, mode_name),
            "component": self.preview_component,
            "record_kind": self._meta.verbose_name,
        }

    @property
    def preview_facts(self) -> list[tuple[str, Any]]:
        """(label, value) pairs of `preview_fields`, for records without a component."""
        facts = []
        for name in self.preview_fields:
            display = getattr(self, f"get_{name}_display", None)
            value = display() if display else getattr(self, name)
            if value:
                facts.append((capfirst(self._meta.get_field(name).verbose_name), value))
        return facts


class Country(RecordPreviewMixin, DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A country, named once and referred to by forums, working groups and co-chairs."""

    name = models.CharField(max_length=100, unique=True, help_text="Short name, e.g. “Indonesia”.")
    iso_code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        help_text="ISO 3166-1 alpha-2 code in capitals, e.g. “ID” for Indonesia.",
    )

    preview_fields = ("name", "iso_code")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="country")
    panels = [FieldPanel("name"), FieldPanel("iso_code")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self) -> GenericRelation:
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions


class Organisation(RecordPreviewMixin, DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """An organisation: an intergovernmental body, a government agency or another body."""

    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organisation"
        GOVERNMENT_AGENCY = "government_agency", "Government agency"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=255, unique=True, help_text="Full official name, without the acronym."
    )
    acronym = models.CharField(
        max_length=30, blank=True, help_text="Common short form, e.g. “IOM”. Leave blank if none."
    )
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="What sort of body this is.",
    )
    website = models.URLField(blank=True, help_text="Official website address, starting https://.")

    preview_fields = ("name", "acronym", "kind", "website")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="organisation")
    panels = [FieldPanel("name"), FieldPanel("acronym"), FieldPanel("kind"), FieldPanel("website")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("name"),
        index.AutocompleteField("acronym"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def revisions(self) -> GenericRelation:
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions


class DocumentCategory(
    RecordPreviewMixin, DraftStateMixin, RevisionMixin, index.Indexed, models.Model
):
    """A heading under which key documents are grouped, e.g. “People smuggling”."""

    name = models.CharField(max_length=100, unique=True, help_text="Heading shown to the public.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in filter links; lower case and hyphens only."
    )
    description = models.TextField(
        blank=True, help_text="Optional sentence shown under the heading on listings."
    )

    preview_fields = ("name", "description")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="document_category")
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "document categories"

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self) -> GenericRelation:
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions


class Role(RecordPreviewMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A position, e.g. the Ambassador, whose current title every page shows from this record.

    Former titles are kept as a dated title history and indexed, so a search for an old title
    still finds the role.
    """

    title = models.CharField(
        max_length=255,
        help_text=(
            "The current official title, exactly as it should appear on every page. "
            "When the title changes, add the old one to the title history below."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roles",
        help_text="The organisation the role belongs to, e.g. the department.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences on what the role does, shown beside the title."
    )
    current_title_since = models.DateField(
        null=True,
        blank=True,
        help_text="When the current title took effect, if known.",
    )

    preview_component = "components/role.html"
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="role")
    panels = [
        FieldPanel("title"),
        FieldPanel("current_title_since"),
        FieldPanel("organisation"),
        FieldPanel("description"),
        InlinePanel("title_history", heading="Former titles", label="Former title"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.RelatedFields(
            "title_history", [index.SearchField("title"), index.AutocompleteField("title")]
        ),
    ]

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, then re-index: the title history is saved after the index first sees the role."""
        super().save(*args, **kwargs)
        index.insert_or_update_object(self)

    @property
    def revisions(self) -> GenericRelation:
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions


class RoleTitle(Orderable):
    """A former title of a role, with the dates it was in use."""

    role = ParentalKey(Role, on_delete=models.CASCADE, related_name="title_history")
    title = models.CharField(max_length=255, help_text="The title as it was officially used.")
    valid_from = models.DateField(
        null=True, blank=True, help_text="When this title took effect, if known."
    )
    valid_to = models.DateField(
        null=True, blank=True, help_text="The last day this title was in use, if known."
    )

    panels = [FieldPanel("title"), FieldPanel("valid_from"), FieldPanel("valid_to")]

    class Meta(Orderable.Meta):
        verbose_name = "former title"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Refuse a title that ends before it starts."""
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The end date must be on or after the start date."})


class AustralianState(models.TextChoices):
    """States and territories as Australia Post abbreviates them."""

    ACT = "ACT", "Australian Capital Territory"
    NSW = "NSW", "New South Wales"
    NT = "NT", "Northern Territory"
    QLD = "QLD", "Queensland"
    SA = "SA", "South Australia"
    TAS = "TAS", "Tasmania"
    VIC = "VIC", "Victoria"
    WA = "WA", "Western Australia"


postcode_validator = RegexValidator(
    r"^\d{4}\Z", "Enter an Australian postcode: exactly four digits, e.g. 0221."
)
phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,30}\Z",
    "Enter a phone number using digits, spaces, brackets, hyphens and an optional leading +, "
    "e.g. +61 2 6261 1111.",
)


class ContactPoint(
    RecordPreviewMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A way to reach the department: recipient, structured Australian address and channels."""

    label = models.CharField(
        max_length=120,
        help_text="Public label, e.g. “Ambassador’s office”. Shown as the contact heading "
        "when there is no recipient.",
    )
    recipient_role = models.ForeignKey(
        Role,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_points",
        help_text="The role mail is addressed to. Its current title is shown automatically.",
    )
    recipient_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="Free-text recipient, used only when no recipient role is chosen.",
    )
    division = models.CharField(
        max_length=255,
        blank=True,
        help_text="Division, branch or unit, e.g. International Security Division.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_points",
        help_text="The organisation at this address.",
    )
    building = models.CharField(
        max_length=120, blank=True, help_text="Building name, e.g. RG Casey Building."
    )
    street = models.CharField(
        max_length=255, blank=True, help_text="Street address, e.g. John McEwen Crescent."
    )
    suburb = models.CharField(max_length=80, help_text="Suburb or town, e.g. Barton.")
    state = models.CharField(
        max_length=3, choices=AustralianState.choices, help_text="State or territory."
    )
    postcode = models.CharField(
        max_length=4, validators=[postcode_validator], help_text="Four-digit postcode, e.g. 0221."
    )
    country = models.CharField(
        max_length=60, default="Australia", help_text="Country line of the address."
    )
    opening_hours = models.CharField(
        max_length=255,
        blank=True,
        help_text="When the channels are staffed, e.g. “Monday to Friday, 9 am to 5 pm (AEST)”. "
        "Leave blank if not published.",
    )

    preview_component = "components/contact_point.html"
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="contact_point")
    panels = [
        FieldPanel("label"),
        MultiFieldPanel(
            [FieldPanel("recipient_role"), FieldPanel("recipient_name")], heading="Recipient"
        ),
        FieldPanel("division"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("building"),
                FieldPanel("street"),
                FieldPanel("suburb"),
                FieldPanel("state"),
                FieldPanel("postcode"),
                FieldPanel("country"),
            ],
            heading="Postal address",
        ),
        InlinePanel("channels", heading="Phone, email and other channels", label="Channel"),
        FieldPanel("opening_hours"),
    ]
    search_fields = [
        index.SearchField("label"),
        index.AutocompleteField("label"),
        index.SearchField("division"),
        index.SearchField("suburb"),
        index.FilterField("postcode"),
    ]

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    @property
    def revisions(self) -> GenericRelation:
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions

    def clean(self) -> None:
        """Refuse a contact with both a recipient role and a free-text recipient."""
        super().clean()
        if self.recipient_role_id and self.recipient_name.strip():
            raise ValidationError(
                {"recipient_name": "Choose a recipient role or type a recipient, not both."}
            )

    @property
    def recipient(self) -> str:
        """The line the address is for: the role's current title, or the free-text recipient."""
        role = self.recipient_role
        if role is not None and role.live:
            return role.title
        return self.recipient_name

    @property
    def locality_line(self) -> str:
        """Suburb, state and postcode as Australia Post prints them: “Barton ACT 0221”."""
        return f"{self.suburb} {self.state} {self.postcode}"


class ContactChannel(Orderable):
    """One typed way to reach a contact point: phone, email, web form or TTY/NRS."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        WEB_FORM = "web_form", "Web form"
        TTY = "tty", "TTY / National Relay Service"

    contact_point = ParentalKey(ContactPoint, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=10, choices=Kind.choices, help_text="Which sort of channel.")
    value = models.CharField(
        max_length=255,
        help_text="Phone or TTY number, email address, or https:// address of the web form.",
    )
    label = models.CharField(
        max_length=80, blank=True, help_text="Optional label, e.g. “From overseas”."
    )

    panels = [FieldPanel("kind"), FieldPanel("value"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "channel"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self) -> None:
        """Check the value against the chosen kind, with a message saying what is expected."""
        super().clean()
        self.value = (self.value or "").strip()
        validators: dict[str, Callable[[str], None]] = {
            self.Kind.PHONE: phone_validator,
            self.Kind.TTY: phone_validator,
            self.Kind.EMAIL: EmailValidator("Enter a valid email address, e.g. name@dfat.gov.au."),
            self.Kind.WEB_FORM: URLValidator(
                schemes=["https"], message="Enter the web form's full https:// address."
            ),
        }
        validator = validators.get(self.kind)
        if validator is not None:
            try:
                validator(self.value)
            except ValidationError as error:
                raise ValidationError({"value": error.messages}) from error

    @property
    def href(self) -> str:
        """The link target for this channel: tel:, mailto: or the web form address."""
        if self.kind in (self.Kind.PHONE, self.Kind.TTY):
            return "tel:" + "".join(ch for ch in self.value if ch.isdigit() or ch == "+")
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        return self.value
