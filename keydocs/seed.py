"""Key documents named in the source page, as external links to their official publishers.

Only addresses we are certain of are included. The content seed (content/seed.py) turns these
into key-document group items; they are links, not uploaded `KeyDocument` files.
"""

KEY_DOCUMENT_LINKS = (
    {
        "title": "National Action Plan to Combat Modern Slavery 2020–25",
        "publisher_name": "Attorney-General’s Department",
        "publisher_acronym": "AGD",
        "url": (
            "https://www.ag.gov.au/crime/modern-slavery/"
            "national-action-plan-combat-modern-slavery-2020-25"
        ),
        "category_slug": "human-trafficking",
        "document_type": "action_plan",
    },
    {
        "title": "Modern Slavery Act 2018",
        "publisher_name": "Federal Register of Legislation",
        "publisher_acronym": "",
        "url": "https://www.legislation.gov.au/C2018A00153/latest/text",
        "category_slug": "human-trafficking",
        "document_type": "other",
    },
    {
        "title": "United Nations Convention against Transnational Organized Crime",
        "publisher_name": "United Nations Office on Drugs and Crime",
        "publisher_acronym": "UNODC",
        "url": "https://www.unodc.org/unodc/en/organized-crime/intro/UNTOC.html",
        "category_slug": "people-smuggling",
        "document_type": "treaty",
    },
)

# Named in the source page but left without a link until the official address is confirmed.
UNCONFIRMED_KEY_DOCUMENTS = (
    "International Engagement Strategy on Human Trafficking and Modern Slavery: "
    "Delivering in partnership (Department of Foreign Affairs and Trade, 2022)",
    "Protocol against the Smuggling of Migrants by Land, Sea and Air (UNODC)",
)


def seed_key_documents() -> list[dict[str, str]]:
    """Return the external key-document links (title, publisher, url, category slug, type)."""
    return [dict(link) for link in KEY_DOCUMENT_LINKS]
