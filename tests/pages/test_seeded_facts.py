"""The seeded section carries every fact of the department's source page.

The checklist below goes through the source page paragraph by paragraph. Each fact is looked for
in the visible text of the public page that should carry it.
"""

import pytest

from .helpers import get_ok, json_ld, visible_text

AMBASSADOR = "Ambassador to Counter Modern Slavery, People Smuggling and Human Trafficking"

CHECKLIST = {
    "/": [
        "People Smuggling, Human Trafficking and Modern Slavery",
        AMBASSADOR,
        "People smuggling",
        "Human trafficking and modern slavery",
        "The Bali Process",
        "Contact us",
        "Key documents",
    ],
    "/people-smuggling/": [
        # Paragraph 1
        "The Australian Government is committed to combatting people smuggling and irregular "
        "migration",
        "save lives, ensure the integrity of our border and maintain public confidence in "
        "Australia’s migration program",
        "comprehensive, whole-of-government approach to tackling people smuggling",
        "helped to protect those vulnerable to exploitation in our region and beyond",
        "disrupt criminal networks and has reduced their profits",
        # Paragraph 2
        "International cooperation is one of the most effective ways to address irregular "
        "migration in the region",
        "prevent people smuggling and prosecute the perpetrators",
        AMBASSADOR,
        "plays a lead role in promoting international cooperation to counter people smuggling "
        "and irregular migration",
        "engages with regional partners and multilaterally on irregular migration and border "
        "security issues",
        # Paragraph 3 (co-chairs generated from records)
        "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime",
        "The Bali Process, co-chaired by Australia and Indonesia",
        "premier forum in the Indo–Pacific addressing irregular migration",
        # Paragraph 4
        "Operation Sovereign Borders (OSB) Joint Agency Task Force",
        "coordinate the international elements of OSB across Government",
        "Established in 2013, OSB is a military-led border security operation",
        "protecting Australia’s borders, combating people smuggling in our region, and "
        "preventing people from risking their lives at sea",
        # Paragraph 5
        "development and humanitarian programs",
        "address the root causes of irregular migration",
        "build the capacity of partner governments to respond to human trafficking",
        "promote safe and legal migration pathways",
        "humanitarian funding to the United Nations High Commissioner for Refugees (UNHCR)",
        "International Organization for Migration (IOM)",
        "displaced people, refugees and asylum seekers",
        # Paragraph 6
        "State party to the United Nations Convention against Transnational Organised Crime "
        "(UNTOC)",
        "Protocol against the Smuggling of Migrants by Land, Sea and Air",
        # Contact block
        "International Security Division",
        "Barton ACT 0221 Australia",
    ],
    "/human-trafficking-and-modern-slavery/": [
        "DFAT leads Australia’s whole-of-government international engagement to counter human "
        "trafficking and other forms of modern slavery, including forced labour and forced "
        "marriage",
        "step up its advocacy and action on protecting human rights and countering the scourge "
        "of modern slavery",
        "On 9 February 2023, the Government announced the expansion of the role",
        "rally a multilateral response to modern slavery",
        AMBASSADOR,
        "previously titled Ambassador for People Smuggling and Human Trafficking",
        "committed to establishing an Anti-Slavery Commissioner",
        "Attorney-General’s Department on the statutory review of the Modern Slavery Act 2018",
        "National Action Plan to Combat Modern Slavery 2020–25",
        "second International Engagement Strategy on Human Trafficking and Modern Slavery: "
        "Delivering in partnership",
        "launched on 25 March 2022",
        "bilateral engagement, multilateral advocacy, and development investments",
        "strengthen the frameworks to respond to these crimes",
        "including poverty and gender inequality",
        "ratified the most significant international treaties to abolish human trafficking and "
        "modern slavery",
        "Barton ACT 0221 Australia",
    ],
    "/bali-process/": [
        "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime",
        "Co-chairs Australia and Indonesia",
        "2022: 20th anniversary year",
        "key regional consultative forum for addressing people smuggling and trafficking in "
        "persons in our region",
        "The Steering Group is co-chaired by Indonesia and Australia",
        "Overall direction and coordination of the Bali Process is driven by a Steering Group",
        "10 February 2023: Eighth Bali Process Ministerial Conference",
        "Foreign Ministers of Australia and the Republic of Indonesia co-chaired the Conference",
        "Third Bali Process Government and Business Forum",
        "along with Australian and Indonesian Business Leaders",
        "reaffirmed their commitment to work together to address modern slavery, human "
        "trafficking and people smuggling",
        "A refreshed Strategy for Cooperation was endorsed",
        "activate the Bali Process Consultation Mechanism",
        "irregular migration in the Andaman Sea",
        "Established 2002",
        "raised regional awareness of the consequences of people smuggling and human trafficking",
        "high-level political dialogue, including Ministerial conferences",
        "practical capacity-building activities at the officials level",
        "technical workshops",
        "The Bali Process has 45 member governments:",
        "The Bali Process has four member organisations:",
        "International Labour Organization (ILO)",
        "International Organization for Migration (IOM)",
        "Office of the United Nations High Commissioner for Refugees (UNHCR)",
        "United Nations Office on Drugs and Crime (UNODC)",
        "Senior Official-level meetings",
        "Regional Support Office",
        "Task Force on Planning and Preparedness – co-chaired by Australia and Indonesia",
        "Technical Experts Group on Returns and Reintegration – co-chaired by Australia and "
        "Sri Lanka",
        "Working Group on Disruption of Criminal Networks Involved in People Smuggling and "
        "Trafficking in Persons – co-chaired by New Zealand and Vietnam",
        "Working Group on Trafficking in Persons – co-chaired by Australia and Indonesia",
        "In 2017, the Bali Process established a business track, the Government and Business "
        "Forum (GABF)",
        "supply chain transparency, ethical recruitment and worker protection and redress",
        "Bali Process ministers and senior private sector leaders from the region",
        "‘AAA Recommendations’",
        "Acknowledge the scale of the problem",
        "Act by encouraging practical action by business and governments in support of ethical "
        "business practices, transparency across supply chains, and assistance for victims",
        "Advance efforts to ensure the sustainability and effectiveness",
        "Bali Process website",
        "Government and Business Forum website",
    ],
    "/contact-us/": [
        AMBASSADOR,
        "International Security Division",
        "Department of Foreign Affairs and Trade",
        "RG Casey Building",
        "John McEwen Crescent",
        "Barton ACT 0221 Australia",
    ],
    "/key-documents/": [
        "Key documents",
        "People smuggling",
        "United Nations Convention against Transnational Organized Crime",
        "Human trafficking",
        "National Action Plan to Combat Modern Slavery 2020–25",
        "Modern Slavery Act 2018",
    ],
}

GARBLED_HEADING = f"{AMBASSADOR} and modern slavery"


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(CHECKLIST))
def test_every_fact_of_the_source_page_is_published(seeded_site, client, url):
    text = visible_text(get_ok(client, url))
    missing = [fact for fact in CHECKLIST[url] if fact not in text]
    assert not missing, f"{url} is missing: {missing}"
    assert GARBLED_HEADING not in text


@pytest.mark.django_db
def test_working_groups_have_their_own_pages_with_co_chairs(seeded_site, client):
    expected = {
        "/bali-process/task-force-planning-preparedness/": "Task force",
        "/bali-process/technical-experts-group-returns-reintegration/": "Technical experts group",
        "/bali-process/working-group-disruption-criminal-networks/": "Working group",
        "/bali-process/working-group-trafficking-persons/": "Working group",
    }
    for url, kind in expected.items():
        text = visible_text(get_ok(client, url))
        assert f"Type {kind}" in text
        assert "Co-chairs" in text


@pytest.mark.django_db
def test_the_contact_block_is_an_address_with_contact_point_json_ld(seeded_site, client):
    response = get_ok(client, "/contact-us/")
    assert "<address>" in response.content.decode()
    contacts = [data for data in json_ld(response) if data.get("@type") == "ContactPoint"]
    assert contacts[0]["name"] == AMBASSADOR
    assert contacts[0]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "RG Casey Building, John McEwen Crescent",
        "addressLocality": "Barton",
        "addressRegion": "ACT",
        "postalCode": "0221",
        "addressCountry": "AU",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(CHECKLIST))
def test_every_page_has_one_h1_breadcrumbs_json_ld_and_last_updated(seeded_site, client, url):
    response = get_ok(client, url)
    markup = response.content.decode()
    assert markup.count("<h1") == 1
    assert "Last updated" in visible_text(response)
    organisations = [d for d in json_ld(response) if d.get("@type") == "GovernmentOrganization"]
    assert organisations[0]["name"] == "Department of Foreign Affairs and Trade"
    if url != "/":
        assert 'aria-label="Breadcrumb"' in markup


@pytest.mark.django_db
def test_headings_never_skip_a_level(seeded_site, client):
    import re

    for url in [*CHECKLIST, "/bali-process/working-group-trafficking-persons/"]:
        markup = get_ok(client, url).content.decode()
        main = markup[markup.index("<main") : markup.index("</main>")]
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
        assert levels[0] == 1, url
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, (url, levels)


@pytest.mark.django_db
def test_on_this_page_lists_sections_only_when_more_than_two(seeded_site, client):
    markup = get_ok(client, "/people-smuggling/").content.decode()
    assert "On this page" in markup
    assert 'href="#operation-sovereign-borders"' in markup
    assert 'id="operation-sovereign-borders"' in markup
    assert "On this page" not in get_ok(client, "/key-documents/").content.decode()
