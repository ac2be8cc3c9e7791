"""Browser: issue 17's editor flows in the real admin, as an Editor and as a Moderator.

Each test signs in through the admin's own forms with a second factor (`browser_sign_in`) and
does one task the way an editor would: creating a page from "Create a page", reading the
broken-link report, giving a country its article, uploading a document (and its duplicate),
reading an accessible format request a visitor sent, and managing redirects (a Site
administrator's tool: Editors and Moderators have no redirect permissions) with a CSV import.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from editorial import services
from editorial.models import LinkProblem
from keydocs.models import KeyDocument
from keydocs.services import document_upload
from pages.models import (
    ForumPage,
    HomePage,
    KeyDocumentsPage,
    StandardPage,
    TopicPage,
    WorkingGroupCoChair,
    WorkingGroupPage,
)
from records.models import Country, DocumentCategory
from sitewide.models import AccessibleFormatRequest
from tests.keydocs.conftest import make_pdf, upload
from tests.staff import browser_sign_in

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUPS = {"editor": services.EDITORS, "moderator": services.MODERATORS}


@pytest.fixture
def sign_in(browser_page, live_server, make_member):
    """Return a function signing a new member of the named group in; gives the tab."""

    def sign(role):
        member = make_member(GROUPS.get(role, role), username=f"{role.split()[0].lower()}-17")
        browser_sign_in(browser_page, live_server.url, member.username, PASSWORD)
        return browser_page

    return sign


def visitor_text(chromium, url):
    """What an anonymous visitor reads in the page's main content."""
    context = chromium.new_context()
    try:
        tab = context.new_page()
        tab.goto(url)
        return " ".join(tab.locator("main").inner_text().split())
    finally:
        context.close()


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_create_a_page_explains_each_type_field_and_block(
    sign_in, live_server, chromium, governed_site, role
):
    tab = sign_in(role)
    home = HomePage.objects.get(depth=2)
    tab.goto(f"{live_server.url}/admin/pages/{home.pk}/add_subpage/")
    chooser = tab.locator("main")
    for page_type in (TopicPage, ForumPage, StandardPage):
        expect(chooser).to_contain_text(str(page_type.get_page_description()))
    tab.get_by_role("link", name=re.compile(r"^Topic page")).first.click()

    # Shown in menus by default, saying what that does; the two descriptions explained.
    menus = tab.get_by_label("Show in menus")
    expect(menus).to_be_checked()
    form = tab.locator("form#page-edit-form")
    expect(form).to_contain_text("listed under “In this section”")
    expect(form).to_contain_text("Leave blank: search engines then show the Summary")

    # Every block offered in the body has a preview in the block picker.
    # The body holds sections (added at once: the only choice); a section offers every block.
    tab.get_by_role("region", name="Body").locator("button.c-sf-add-button").first.click()
    section = tab.get_by_role("region", name="Section")
    section.get_by_role("button", name="Insert a block").first.click()
    options = tab.locator(".w-combobox__option")
    expect(options.first).to_be_visible()
    assert options.count() == tab.locator(".w-combobox__option-preview").count() > 3
    options.first.hover()
    tab.locator(".w-combobox__option-preview").first.click()
    expect(tab.locator(".w-combobox-preview__iframe")).to_be_visible()
    tab.keyboard.press("Escape")
    section.get_by_role("button", name="Delete").click()
    expect(section).to_have_count(0)

    tab.locator("#id_title").fill("Labour exploitation")
    tab.get_by_role("textbox", name="Summary").fill("How Australia counters labour exploitation.")
    if role == "moderator":
        tab.get_by_role("button", name="More actions").click()
        tab.get_by_role("button", name="Publish").click()
        expect(tab.locator(".messages")).to_contain_text("published")
        assert "Labour exploitation" in visitor_text(chromium, live_server.url + "/")
    else:
        expect(tab.locator('button[name="action-publish"]')).to_have_count(0)
        tab.get_by_role("button", name="More actions").click()
        tab.get_by_role("button", name="Submit to Section moderation").click()
        expect(tab.locator(".messages")).to_contain_text("submitted for moderation")
        assert "Labour exploitation" not in visitor_text(chromium, live_server.url + "/")
    topic = TopicPage.objects.get(title="Labour exploitation")
    assert topic.get_latest_revision_as_object().show_in_menus


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_the_broken_link_report_lists_links_by_page_with_dates(
    sign_in, live_server, governed_site, role
):
    forum = ForumPage.objects.live().first()
    first_seen = timezone.now() - timedelta(days=3)
    LinkProblem.objects.create(
        page=forum,
        url="http://127.0.0.1:9/gone",
        kind=LinkProblem.Kind.EXTERNAL,
        problem="The server answered 404 Not Found.",
        first_seen=first_seen,
    )
    tab = sign_in(role)
    tab.get_by_role("button", name="Reports").click()
    tab.get_by_role("link", name="Broken links").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Broken links")
    row = tab.locator("tbody tr", has_text="http://127.0.0.1:9/gone")
    expect(row).to_contain_text(forum.title)
    expect(row).to_contain_text("404 Not Found")
    expect(row).to_contain_text(timezone.localtime(first_seen).strftime("%-d %b %Y").lstrip("0"))
    expect(tab.locator("thead").first).to_contain_text("First seen")
    expect(tab.locator("thead").first).to_contain_text("Last checked")


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_a_country_takes_its_article_in_the_generated_prose(
    sign_in, live_server, chromium, governed_site, role
):
    philippines = Country.objects.get(iso_code="PH")
    Country.objects.filter(pk=philippines.pk).update(takes_article=False)
    group = WorkingGroupPage.objects.live().first()
    group.co_chairs = [
        WorkingGroupCoChair(country=philippines),
        WorkingGroupCoChair(country=Country.objects.get(iso_code="TH")),
    ]
    group.save_revision().publish()
    forum_url = live_server.url + group.get_parent().url
    assert "co-chaired by Philippines and Thailand" in visitor_text(chromium, forum_url)

    tab = sign_in(role)
    tab.goto(f"{live_server.url}/admin/snippets/records/country/edit/{philippines.pk}/")
    tab.get_by_role("checkbox", name="Takes “the” in a sentence").check()
    if role == "moderator":
        tab.get_by_role("button", name="More actions").click()
        tab.get_by_role("button", name="Publish").click()
        expect(tab.locator(".messages")).to_contain_text("published")
        assert "co-chaired by the Philippines and Thailand" in visitor_text(chromium, forum_url)
    else:
        expect(tab.locator('button[name="action-publish"]')).to_have_count(0)
        tab.get_by_role("button", name="Save draft").click()
        expect(tab.locator(".messages")).to_contain_text("updated")
        assert "co-chaired by Philippines and Thailand" in visitor_text(chromium, forum_url)
        assert Country.objects.get(pk=philippines.pk).latest_revision.as_object().takes_article


@pytest.fixture
def scanned_uploads(settings, clamd_server, tmp_path):
    """Uploads go to a throwaway folder and are scanned by the test clamd, as in production."""
    settings.KEYDOCS_QUARANTINE_ROOT = tmp_path / "quarantine"
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd_server.host, clamd_server.port


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_the_document_form_names_types_offers_languages_and_flags_duplicates(
    sign_in, live_server, governed_site, scanned_uploads, tmp_path, role
):
    pdf = tmp_path / "regional-plan.pdf"
    pdf.write_bytes(make_pdf(pages=2, text="Regional plan"))
    tab = sign_in(role)
    tab.goto(live_server.url + "/admin/documents/add/")
    tab.get_by_label("Title").first.fill("Regional plan")
    tab.locator('input[type="file"][name="file"]').set_input_files(str(pdf))
    tab.get_by_label("Language").select_option(label="Indonesian")
    tab.get_by_role("button", name="Upload").click()
    expect(tab.locator(".messages")).to_contain_text("Regional plan")
    document = KeyDocument.objects.get(title="Regional plan")
    assert document.language == "id"

    tab.goto(f"{live_server.url}/admin/documents/edit/{document.pk}/")
    facts = tab.locator("dl", has_text="Detected type")
    expect(facts).to_contain_text("PDF")
    expect(facts).to_contain_text("application/pdf")

    tab.goto(live_server.url + "/admin/documents/add/")
    tab.get_by_label("Title").first.fill("Regional plan again")
    tab.locator('input[type="file"][name="file"]').set_input_files(str(pdf))
    tab.get_by_role("button", name="Upload").click()
    warning = tab.get_by_text("This exact file is already in the library as")
    expect(warning).to_be_visible()
    assert not KeyDocument.objects.filter(title="Regional plan again").exists()
    tab.locator("form").get_by_role("link", name="Regional plan", exact=True).click()
    expect(tab).to_have_url(re.compile(rf"/admin/documents/edit/{document.pk}/$"))


def test_a_visitor_asks_for_an_accessible_format_and_a_moderator_reads_it(
    browser_page, chromium, live_server, governed_site, make_member, approve_document
):
    approve_document(
        document_upload(
            uploaded_file=upload("returns-framework.pdf", make_pdf(pages=1)),
            title="Regional returns framework",
            category=DocumentCategory.objects.get(slug="people-smuggling"),
        )
    )
    publications = KeyDocumentsPage.objects.child_of(governed_site).get()
    visitor = browser_page
    visitor.goto(live_server.url + publications.url)
    visitor.get_by_role(
        "link", name="Request an accessible format of Regional returns framework"
    ).click()
    expect(visitor.locator("main")).to_contain_text("Document: Regional returns framework")
    visitor.get_by_role("button", name=re.compile("Send")).click()
    expect(visitor.get_by_role("alert")).to_contain_text("Enter your name")
    visitor.get_by_label("Your name").fill("Sam Reader")
    visitor.get_by_label("Your e-mail address").fill("sam@example.com")
    visitor.get_by_role("radio", name="Large print").check()
    visitor.get_by_role("button", name=re.compile("Send")).click()
    expect(visitor.get_by_role("status")).to_contain_text("Thank you")
    request = AccessibleFormatRequest.objects.get()
    assert request.document_title == "Regional returns framework"

    context = chromium.new_context(locale="en-AU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        tab = context.new_page()
        moderator = make_member(services.MODERATORS, username="mo-17")
        browser_sign_in(tab, live_server.url, moderator.username, PASSWORD)
        tab.get_by_role("link", name="Accessible format requests").click()
        row = tab.locator("tbody tr", has_text="Regional returns framework")
        expect(row).to_contain_text("Sam Reader")
        expect(row).to_contain_text("sam@example.com")
    finally:
        context.close()


def test_a_site_administrator_manages_redirects_with_site_paths_and_a_csv_import(
    sign_in, live_server, chromium, governed_site, tmp_path
):
    tab = sign_in(services.SITE_ADMINISTRATORS)
    tab.goto(live_server.url + "/admin/redirects/")
    tab.get_by_role("link", name="Add redirect").click()
    tab.get_by_label("Redirect from").fill("/old-contact")
    tab.get_by_label("Redirect to a path or address").fill("/contact-us/")
    tab.get_by_role("button", name="Create").click()
    expect(tab.locator(".messages")).to_contain_text("added")

    csv = tmp_path / "legacy.csv"
    csv.write_text(
        "from,to\n"
        "/legacy/people-smuggling,/people-smuggling/\n"
        "/legacy/bad,not a path\n"
        "/legacy/chain,/old-contact/\n"
    )
    tab.goto(live_server.url + "/admin/redirects/")
    tab.locator("header").get_by_role("button", name="Actions").first.click()
    tab.get_by_role("link", name="Import redirects").click()
    tab.locator('input[type="file"]').set_input_files(str(csv))
    tab.get_by_role("button", name="Import", exact=True).click()
    tab.get_by_label("From field").select_option(label="from")
    tab.get_by_label("To field").select_option(label="to")
    tab.get_by_role("button", name="Confirm", exact=True).click()
    main = tab.locator("main")
    expect(main).to_contain_text("/legacy/bad")
    expect(main).to_contain_text("Enter a path on this site")
    expect(main).to_contain_text("/legacy/chain")
    expect(main).to_contain_text("is itself redirected")

    context = chromium.new_context()
    try:
        visitor = context.new_page()
        visitor.goto(live_server.url + "/old-contact/")
        assert visitor.url == live_server.url + "/contact-us/"
        visitor.goto(live_server.url + "/legacy/people-smuggling/")
        assert visitor.url == live_server.url + "/people-smuggling/"
    finally:
        context.close()
