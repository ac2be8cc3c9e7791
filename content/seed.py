"""Builds the seeded section from the department's source page. Safe to run repeatedly."""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from modelcluster.models import get_all_child_relations
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from keydocs.seed import seed_key_documents
from pages.models import (
    ContactPage,
    ContactPageContact,
    ForumCoChair,
    ForumLink,
    ForumMemberGovernment,
    ForumMemberOrganisation,
    ForumMilestone,
    ForumPage,
    ForumRecommendation,
    ForumSteeringGroupCoChair,
    HomePage,
    KeyDocumentsPage,
    StandardPage,
    TopicContact,
    TopicPage,
    TopicRelatedForum,
    WorkingGroupCoChair,
    WorkingGroupPage,
)
from records.models import ContactPoint, Country, DocumentCategory, Organisation, Role, RoleTitle
from sitesearch.seed import seed_search_promotions
from sitewide.models import PortalSettings

HOME_TITLE = "People Smuggling, Human Trafficking and Modern Slavery"
HOME_SLUG = "home"


@transaction.atomic
def seed_section():
    """Create or update the seeded content and return the home page. A rerun changes nothing."""
    _ensure_default_locale()
    home = _ensure_home_page()
    _ensure_default_site(home)
    records = _ensure_records()
    _ensure_section(home, records)
    return home


def _ensure_default_locale():
    """Wagtail's migrations create the locale and root collection; a flushed database lacks them."""
    language_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language_code)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def _ensure_home_page():
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        _remove_wagtail_welcome_page(root)
        home = HomePage(title=HOME_TITLE, slug=HOME_SLUG)
        root.add_child(instance=home)
        home.save_revision().publish()
    return home


def _remove_wagtail_welcome_page(root):
    """Wagtail's initial migration leaves a placeholder page that would clash with our slug."""
    for child in root.get_children().filter(slug=HOME_SLUG).not_type(HomePage):
        child.delete()


def _ensure_default_site(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=HOME_TITLE,
        )
    elif site.root_page_id != home.id or site.site_name != HOME_TITLE:
        site.root_page = home
        site.site_name = HOME_TITLE
        site.save()


# Records ----------------------------------------------------------------------------------------

AMBASSADOR_TITLE = "Ambassador to Counter Modern Slavery, People Smuggling and Human Trafficking"
AMBASSADOR_FORMER_TITLE = "Ambassador for People Smuggling and Human Trafficking"
ROLE_EXPANDED_ON = datetime.date(2023, 2, 9)

# Countries whose names read with "the" in a sentence: "co-chaired by the Philippines".
COUNTRIES_TAKING_ARTICLE = {"PH", "US", "GB", "NL", "SB", "MH", "AE", "MV"}

COUNTRIES = [
    ("Australia", "AU"),
    ("Indonesia", "ID"),
    ("New Zealand", "NZ"),
    ("Sri Lanka", "LK"),
    ("Vietnam", "VN"),
]
# The Bali Process's 45 member governments, as published on the Bali Process membership page;
# their number matches the source page's "45 member governments" (decision 002).
BALI_PROCESS_MEMBER_GOVERNMENTS = [
    ("Afghanistan", "AF"),
    ("Australia", "AU"),
    ("Bangladesh", "BD"),
    ("Bhutan", "BT"),
    ("Brunei Darussalam", "BN"),
    ("Cambodia", "KH"),
    ("China", "CN"),
    ("Democratic People’s Republic of Korea", "KP"),
    ("Fiji", "FJ"),
    ("France (New Caledonia)", "FR"),
    ("Hong Kong SAR", "HK"),
    ("India", "IN"),
    ("Indonesia", "ID"),
    ("Iran", "IR"),
    ("Iraq", "IQ"),
    ("Japan", "JP"),
    ("Jordan", "JO"),
    ("Kiribati", "KI"),
    ("Lao PDR", "LA"),
    ("Macau SAR", "MO"),
    ("Malaysia", "MY"),
    ("Maldives", "MV"),
    ("Mongolia", "MN"),
    ("Myanmar", "MM"),
    ("Nauru", "NR"),
    ("Nepal", "NP"),
    ("New Zealand", "NZ"),
    ("Pakistan", "PK"),
    ("Palau", "PW"),
    ("Papua New Guinea", "PG"),
    ("Philippines", "PH"),
    ("Republic of Korea", "KR"),
    ("Samoa", "WS"),
    ("Singapore", "SG"),
    ("Solomon Islands", "SB"),
    ("Sri Lanka", "LK"),
    ("Syria", "SY"),
    ("Thailand", "TH"),
    ("Timor-Leste", "TL"),
    ("Tonga", "TO"),
    ("Türkiye", "TR"),
    ("United Arab Emirates", "AE"),
    ("United States", "US"),
    ("Vanuatu", "VU"),
    ("Vietnam", "VN"),
]
ORGANISATIONS = [
    # (key, name, acronym, kind)
    ("dfat", "Department of Foreign Affairs and Trade", "DFAT", "government_agency"),
    ("agd", "Attorney-General’s Department", "", "government_agency"),
    (
        "osb",
        "Operation Sovereign Borders Joint Agency Task Force",
        "",
        "government_agency",
    ),
    ("ilo", "International Labour Organization", "ILO", "intergovernmental"),
    ("iom", "International Organization for Migration", "IOM", "intergovernmental"),
    (
        "unhcr",
        "Office of the United Nations High Commissioner for Refugees",
        "UNHCR",
        "intergovernmental",
    ),
    ("unodc", "United Nations Office on Drugs and Crime", "UNODC", "intergovernmental"),
]
DOCUMENT_CATEGORIES = [
    ("People smuggling", "people-smuggling"),
    ("Human trafficking", "human-trafficking"),
]


def _number_children(instance):
    """Number orderable children in the order given, so every database lists them the same way."""
    for relation in get_all_child_relations(instance):
        children = getattr(instance, relation.get_accessor_name()).all()
        for position, child in enumerate(children):
            if hasattr(child, "sort_order"):
                child.sort_order = position


def _publish_new(instance):
    """Save a new record and publish its first revision, as an editor would."""
    _number_children(instance)
    instance.save()
    instance.save_revision().publish()
    return instance


def _ensure_records():
    records = {}
    for name, iso_code in dict.fromkeys(COUNTRIES + BALI_PROCESS_MEMBER_GOVERNMENTS):
        country = Country.objects.filter(iso_code=iso_code).first()
        records[iso_code] = country or _publish_new(
            Country(
                name=name, iso_code=iso_code, takes_article=iso_code in COUNTRIES_TAKING_ARTICLE
            )
        )
    for key, name, acronym, kind in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        records[key] = organisation or _publish_new(
            Organisation(name=name, acronym=acronym, kind=kind)
        )
    for name, slug in DOCUMENT_CATEGORIES:
        category = DocumentCategory.objects.filter(slug=slug).first()
        records[slug] = category or _publish_new(DocumentCategory(name=name, slug=slug))

    ambassador = Role.objects.filter(title=AMBASSADOR_TITLE).first()
    if ambassador is None:
        ambassador = Role(
            title=AMBASSADOR_TITLE,
            current_title_since=ROLE_EXPANDED_ON,
            organisation=records["dfat"],
            description=(
                "Plays a lead role in promoting international cooperation to counter people "
                "smuggling and irregular migration, and rallies a multilateral response to modern "
                "slavery."
            ),
        )
        ambassador.title_history = [
            RoleTitle(
                title=AMBASSADOR_FORMER_TITLE,
                valid_to=ROLE_EXPANDED_ON - datetime.timedelta(days=1),
            )
        ]
        _publish_new(ambassador)
    records["ambassador"] = ambassador

    contact = ContactPoint.objects.filter(label=CONTACT_LABEL).first()
    records["contact"] = contact or _publish_new(
        ContactPoint(
            label=CONTACT_LABEL,
            recipient_role=ambassador,
            division="International Security Division",
            organisation=records["dfat"],
            building="RG Casey Building",
            street="John McEwen Crescent",
            suburb="Barton",
            state="ACT",
            postcode="0221",
            country="Australia",
        )
    )
    return records


CONTACT_LABEL = "Ambassador’s office, International Security Division"


# Pages ------------------------------------------------------------------------------------------


def _paragraph(*texts):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in texts)}


def _section(heading, *content, anchor=""):
    return {
        "type": "section",
        "value": {"heading": heading, "anchor": anchor, "content": list(content)},
    }


def _role_block(role, show_description=False):
    return {"type": "role", "value": {"role": role.pk, "show_description": show_description}}


def _page_link(page, description=""):
    return {
        "type": "related_link",
        "value": {"page": page.pk, "url": "", "title": "", "description": description},
    }


def _ensure_child(parent, page_class, slug, build):
    """Return the parent's child with this slug, creating and publishing it from `build()` once."""
    existing = page_class.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = build()
    page.slug = slug
    _number_children(page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure_section(home, records):
    ambassador = records["ambassador"]
    if home.lead_role_id is None and not home.introduction:
        home.summary = (
            "How Australia works with other governments and organisations to counter people "
            "smuggling, human trafficking and modern slavery."
        )
        home.introduction = (
            "<p>The Department of Foreign Affairs and Trade (DFAT) works with other governments, "
            "regional forums such as the Bali Process, and international organisations to "
            "counter people smuggling, human trafficking and modern slavery.</p>"
        )
        home.lead_role = ambassador
        home.save_revision().publish()

    bali_process = _ensure_child(home, ForumPage, "bali-process", lambda: _bali_process(records))
    for slug, build in _working_groups(records):
        _ensure_child(bali_process, WorkingGroupPage, slug, build)

    _ensure_child(
        home, TopicPage, "people-smuggling", lambda: _people_smuggling(records, bali_process)
    )
    _ensure_child(
        home,
        TopicPage,
        "human-trafficking-and-modern-slavery",
        lambda: _human_trafficking(records, bali_process),
    )
    _ensure_child(home, ContactPage, "contact-us", lambda: _contact_page(records))
    _ensure_child(home, StandardPage, "key-documents", lambda: _key_documents(records))
    _ensure_child(home, KeyDocumentsPage, "publications", _publications)
    _order_home_children(home)
    _ensure_accessible_format_page(home)
    seed_search_promotions()


def _order_home_children(home):
    """Topics first, then the forum, the contact page and key documents, as on the source page."""
    wanted = [
        "people-smuggling",
        "human-trafficking-and-modern-slavery",
        "bali-process",
        "contact-us",
        "key-documents",
        "publications",
    ]
    children = {child.slug: child for child in home.get_children()}
    current = [child.slug for child in home.get_children()]
    ordered = [slug for slug in wanted if slug in children]
    if current[: len(ordered)] == ordered:
        return
    for slug in reversed(ordered):
        children[slug].refresh_from_db()
        first = home.get_children().first()
        if first.pk != children[slug].pk:
            children[slug].move(first, pos="left")


def _people_smuggling(records, bali_process):
    page = TopicPage(
        title="People smuggling",
        summary=(
            "Australia’s whole-of-government approach to countering people smuggling and "
            "irregular migration, at home and with partners in the region."
        ),
        show_in_menus=True,
        lead_role=records["ambassador"],
        body=[
            _section(
                "Australia’s approach",
                _paragraph(
                    "The Australian Government is committed to combatting people smuggling and "
                    "irregular migration. This is essential to save lives, ensure the integrity "
                    "of our border and maintain public confidence in Australia’s migration "
                    "program.",
                    "The government has a comprehensive, whole-of-government approach to tackling "
                    "people smuggling. Australia’s success in countering people smuggling and "
                    "irregular migration has helped to protect those vulnerable to exploitation "
                    "in our region and beyond. It has helped to disrupt criminal networks and has "
                    "reduced their profits.",
                ),
            ),
            _section(
                "International cooperation",
                _paragraph(
                    "International cooperation is one of the most effective ways to address "
                    "irregular migration in the region. Australia works closely with other "
                    "governments and organisations to prevent people smuggling and prosecute the "
                    "perpetrators.",
                    "The Australian Ambassador plays a lead role in promoting international "
                    "cooperation to counter people smuggling and irregular migration. The "
                    "Australian Government engages with regional partners and multilaterally on "
                    "irregular migration and border security issues.",
                ),
                _role_block(records["ambassador"]),
            ),
            _section(
                "The Bali Process",
                _paragraph(
                    "The Bali Process on People Smuggling, Trafficking in Persons and Related "
                    "Transnational Crime is the premier forum in the Indo–Pacific addressing "
                    "irregular migration. Its working groups are listed below."
                ),
                {"type": "working_groups", "value": {"forum": bali_process.pk}},
                _page_link(bali_process, "Co-chairs, members, working groups and milestones."),
            ),
            _section(
                "Operation Sovereign Borders",
                _paragraph(
                    "Through the Ambassador, DFAT works closely with the Operation Sovereign "
                    "Borders (OSB) Joint Agency Task Force to coordinate the international "
                    "elements of OSB across Government.",
                    "Established in 2013, OSB is a military-led border security operation "
                    "committed to protecting Australia’s borders, combating people smuggling in "
                    "our region, and preventing people from risking their lives at sea.",
                ),
            ),
            _section(
                "Development and humanitarian programs",
                _paragraph(
                    "Australia’s efforts to combat smuggling and trafficking are complemented by "
                    "our development and humanitarian programs that work to address the root "
                    "causes of irregular migration, build the capacity of partner governments to "
                    "respond to human trafficking, and promote safe and legal migration pathways.",
                    "Australia also provides humanitarian funding to the United Nations High "
                    "Commissioner for Refugees (UNHCR) and the International Organization for "
                    "Migration (IOM) to assist displaced people, refugees and asylum seekers.",
                ),
            ),
            _section(
                "International law",
                _paragraph(
                    "Australia is a State party to the United Nations Convention against "
                    "Transnational Organised Crime (UNTOC) and its Protocol against the Smuggling "
                    "of Migrants by Land, Sea and Air."
                ),
            ),
        ],
    )
    page.related_forums = [TopicRelatedForum(forum=bali_process)]
    page.contacts = [TopicContact(contact_point=records["contact"])]
    return page


def _human_trafficking(records, bali_process):
    page = TopicPage(
        title="Human trafficking and modern slavery",
        summary=(
            "How DFAT leads Australia’s international engagement to counter human trafficking and "
            "other forms of modern slavery, including forced labour and forced marriage."
        ),
        show_in_menus=True,
        lead_role=records["ambassador"],
        body=[
            _section(
                "Australia’s international engagement",
                _paragraph(
                    "DFAT leads Australia’s whole-of-government international engagement to "
                    "counter human trafficking and other forms of modern slavery, including "
                    "forced labour and forced marriage.",
                    "The Government has committed to step up its advocacy and action on "
                    "protecting human rights and countering the scourge of modern slavery through "
                    "employing a range of measures at our disposal.",
                ),
            ),
            _section(
                "An expanded Ambassador role",
                _paragraph(
                    "On 9 February 2023, the Government announced the expansion of the role of "
                    "the Ambassador to rally a multilateral response to modern slavery. The role "
                    "was previously titled Ambassador for People Smuggling and Human Trafficking."
                ),
                _role_block(records["ambassador"], show_description=True),
            ),
            _section(
                "Anti-Slavery Commissioner and the Modern Slavery Act",
                _paragraph(
                    "The Government is also committed to establishing an Anti-Slavery "
                    "Commissioner.",
                    "DFAT is working closely with the Attorney-General’s Department on the "
                    "statutory review of the <i>Modern Slavery Act 2018</i>.",
                ),
            ),
            _section(
                "International Engagement Strategy",
                _paragraph(
                    "Under the National Action Plan to Combat Modern Slavery 2020–25, DFAT "
                    "developed Australia’s second International Engagement Strategy on Human "
                    "Trafficking and Modern Slavery: <i>Delivering in partnership</i>.",
                    "The Strategy (launched on 25 March 2022) sets out Australia’s "
                    "whole-of-government efforts to counter modern slavery. These include "
                    "bilateral engagement, multilateral advocacy, and development investments to "
                    "raise awareness of human trafficking and modern slavery, strengthen the "
                    "frameworks to respond to these crimes, and address the drivers, including "
                    "poverty and gender inequality.",
                ),
            ),
            _section(
                "International treaties",
                _paragraph(
                    "Australia has ratified the most significant international treaties to "
                    "abolish human trafficking and modern slavery."
                ),
            ),
        ],
    )
    page.related_forums = [TopicRelatedForum(forum=bali_process)]
    page.contacts = [TopicContact(contact_point=records["contact"])]
    return page


def _bali_process(records):
    page = ForumPage(
        title="The Bali Process",
        full_name=(
            "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational "
            "Crime"
        ),
        short_name="The Bali Process",
        established_year=2002,
        member_governments_complete=True,
        member_organisations_complete=True,
        show_in_menus=True,
        summary=(
            "The key regional consultative forum for addressing people smuggling and trafficking "
            "in persons in our region."
        ),
        introduction=(
            "<p>The Bali Process is the key regional consultative forum for addressing people "
            "smuggling and trafficking in persons in our region, and the premier forum in the "
            "Indo–Pacific addressing irregular migration.</p><p>Since its establishment in 2002, "
            "the Bali Process has raised regional awareness of the consequences of people "
            "smuggling and human trafficking and developed strategies and practical cooperative "
            "measures in response. It is focused on both high-level political dialogue, including "
            "Ministerial conferences, and practical capacity-building activities at the officials "
            "level. The Bali Process facilitates technical workshops and increased cooperation "
            "between its member governments and member organisations.</p>"
        ),
        steering_group=(
            "<p>Overall direction and coordination of the Bali Process is driven by a Steering "
            "Group.</p>"
        ),
        regional_support_office=(
            "<p>As well as Senior Official-level meetings, the Bali Process supports a Regional "
            "Support Office.</p>"
        ),
        working_groups_introduction=(
            "<p>The Bali Process supports a number of working groups, including:</p>"
        ),
        business_track_name="Government and Business Forum",
        business_track_acronym="GABF",
        business_track_established_year=2017,
        business_track_description=(
            "<p>In 2017, the Bali Process established a business track, the Government and "
            "Business Forum (GABF), that fosters information sharing on best practice measures to "
            "improve supply chain transparency, ethical recruitment and worker protection and "
            "redress in the region.</p><p>The GABF brings together Bali Process ministers and "
            "senior private sector leaders from the region and has led to the endorsement of the "
            "‘AAA Recommendations’.</p><p>Further information can be found on the Government and "
            "Business Forum website.</p>"
        ),
    )
    page.co_chairs = [ForumCoChair(country=records["AU"]), ForumCoChair(country=records["ID"])]
    page.steering_group_co_chairs = [
        ForumSteeringGroupCoChair(country=records["ID"]),
        ForumSteeringGroupCoChair(country=records["AU"]),
    ]
    page.member_governments = [
        ForumMemberGovernment(country=records[code])
        for _name, code in BALI_PROCESS_MEMBER_GOVERNMENTS
    ]
    page.member_organisations = [
        ForumMemberOrganisation(organisation=records[key])
        for key in ("ilo", "iom", "unhcr", "unodc")
    ]
    page.milestones = [
        ForumMilestone(
            date=datetime.date(2002, 1, 1),
            precision="year",
            title="The Bali Process is established",
        ),
        ForumMilestone(
            date=datetime.date(2017, 1, 1),
            precision="year",
            title="The Government and Business Forum is established",
            description="<p>The Bali Process establishes its business track.</p>",
        ),
        ForumMilestone(
            date=datetime.date(2022, 1, 1),
            precision="year",
            title="20th anniversary year",
            description="<p>The Bali Process marks its 20th anniversary year.</p>",
        ),
        ForumMilestone(
            date=datetime.date(2023, 2, 10),
            precision="day",
            title="Eighth Bali Process Ministerial Conference",
            description=(
                "<p>The Foreign Ministers of Australia and the Republic of Indonesia co-chaired "
                "the Conference. A refreshed Strategy for Cooperation was endorsed, and "
                "Ministerial Co-Chairs agreed to activate the Bali Process Consultation Mechanism "
                "to support members in their efforts to respond to the current trend of irregular "
                "migration in the Andaman Sea.</p>"
            ),
        ),
        ForumMilestone(
            date=datetime.date(2023, 1, 1),
            precision="year",
            title="Third Bali Process Government and Business Forum",
            description=(
                "<p>The Foreign Ministers of Australia and Indonesia, along with Australian and "
                "Indonesian Business Leaders, co-chaired the Forum. Ministers and business "
                "leaders reaffirmed their commitment to work together to address modern slavery, "
                "human trafficking and people smuggling.</p>"
            ),
        ),
    ]
    page.recommendations = [
        ForumRecommendation(keyword="Acknowledge", text="the scale of the problem"),
        ForumRecommendation(
            keyword="Act",
            text=(
                "by encouraging practical action by business and governments in support of "
                "ethical business practices, transparency across supply chains, and assistance "
                "for victims"
            ),
        ),
        ForumRecommendation(
            keyword="Advance", text="efforts to ensure the sustainability and effectiveness"
        ),
    ]
    page.links = [ForumLink(title="Bali Process website", url="https://www.baliprocess.net/")]
    return page


def _working_groups(records):
    groups = [
        ("task-force-planning-preparedness", "Task Force on Planning and Preparedness",
         "task_force", ("AU", "ID")),
        ("technical-experts-group-returns-reintegration",
         "Technical Experts Group on Returns and Reintegration", "technical_experts_group",
         ("AU", "LK")),
        ("working-group-disruption-criminal-networks",
         "Working Group on Disruption of Criminal Networks Involved in People Smuggling and "
         "Trafficking in Persons", "working_group", ("NZ", "VN")),
        ("working-group-trafficking-persons", "Working Group on Trafficking in Persons",
         "working_group", ("AU", "ID")),
    ]  # fmt: skip

    def builder(title, kind, co_chair_codes):
        def build():
            page = WorkingGroupPage(title=title, kind=kind, show_in_menus=True)
            page.co_chairs = [WorkingGroupCoChair(country=records[code]) for code in co_chair_codes]
            return page

        return build

    return [(slug, builder(title, kind, codes)) for slug, title, kind, codes in groups]


def _contact_page(records):
    page = ContactPage(
        title="Contact us",
        show_in_menus=True,
        summary="How to write to the Ambassador’s office in the International Security Division.",
    )
    page.contacts = [ContactPageContact(contact_point=records["contact"])]
    return page


def _key_documents(records):
    """The source page's "Key documents" groups, holding the official links we are certain of."""

    links = seed_key_documents()
    publishers = {
        organisation.name: organisation
        for organisation in Organisation.objects.filter(
            name__in=[link["publisher_name"] for link in links]
        )
    }

    def external_item(link):
        publisher = publishers.get(link["publisher_name"])
        return {
            "type": "external_document",
            "id": str(uuid.uuid4()),
            "value": {
                "title": link["title"],
                "publisher": publisher.pk if publisher else None,
                "url": link["url"],
                "note": "",
            },
        }

    return StandardPage(
        title="Key documents",
        show_in_menus=True,
        summary="Key documents on people smuggling and human trafficking.",
        body=[
            _section(
                "Key documents",
                {
                    "type": "key_documents",
                    "value": {
                        "groups": [
                            {
                                "type": "item",
                                "id": str(uuid.uuid4()),
                                "value": {
                                    "heading": "",
                                    "category": records[slug].pk,
                                    "items": [
                                        external_item(link)
                                        for link in links
                                        if link["category_slug"] == slug
                                    ],
                                },
                            }
                            for slug in ("people-smuggling", "human-trafficking")
                        ]
                    },
                },
            )
        ],
    )


def _publications():
    return KeyDocumentsPage(
        title="Publications",
        show_in_menus=False,
        summary=(
            "Every document published in this section, with its format, size and publication "
            "date. Filter by category, type or year."
        ),
    )


def _ensure_accessible_format_page(home):
    """Point the site settings' "Request an accessible format" link at Contact us, once."""

    site = Site.objects.get(is_default_site=True)
    portal_settings = PortalSettings.for_site(site)
    if portal_settings.accessible_format_page_id is None:
        portal_settings.accessible_format_page = ContactPage.objects.child_of(home).first()
        portal_settings.save()
