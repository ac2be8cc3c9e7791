"""The key documents page in a real browser: filters work without JavaScript errors, no axe
violations, and document links download with their headers."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from keydocs.services import document_upload
from pages.models import KeyDocumentsPage
from records.models import DocumentCategory
from tests.keydocs.conftest import make_pdf, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(seeded_site, approve_document):
    page = KeyDocumentsPage.objects.child_of(seeded_site).get()
    smuggling = DocumentCategory.objects.get(slug="people-smuggling")
    trafficking = DocumentCategory.objects.get(slug="human-trafficking")
    protocol = document_upload(
        uploaded_file=upload("protocol.pdf", make_pdf(pages=2)),
        title="Smuggling Protocol summary",
        category=smuggling,
        document_type="treaty",
        publication_date=datetime.date(2000, 11, 15),
    )
    plan = document_upload(
        uploaded_file=upload("plan.pdf", make_pdf(pages=3)),
        title="Action plan summary",
        category=trafficking,
        document_type="action_plan",
        publication_date=datetime.date(2020, 12, 9),
    )
    approve_document(protocol)
    approve_document(plan)
    return page


def test_filter_by_category_in_browser_and_no_axe_violations(browser_page, live_server, library):
    browser_page.goto(live_server.url + library.url)
    assert browser_page.locator("h1").inner_text() == "Publications"
    results = Axe().run(browser_page)
    assert results.violations_count == 0, results.generate_report()

    browser_page.get_by_label("Category").select_option("people-smuggling")
    browser_page.get_by_role("button", name="Apply filters").click()
    browser_page.wait_for_url("**category=people-smuggling**")
    links = browser_page.locator(".document-link__title a")
    assert links.count() == 1
    assert links.first.inner_text().startswith("Smuggling Protocol summary (PDF, ")
    assert "2 pages)" in links.first.inner_text()

    response = browser_page.request.get(live_server.url + links.first.get_attribute("href"))
    assert response.status == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
