"""Real Chromium: a passkey sign-in through the virtual authenticator, a TOTP sign-in, and CSP
stopping an injected inline script."""

import time

import pytest
from django.contrib.auth import get_user_model
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from editorial import services
from tests.staff import browser_sign_in

from .conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("transactional_db")


def local_url(live_server):
    """The live server as http://localhost:<port>: WebAuthn needs a domain, not an address."""
    return live_server.url.replace("127.0.0.1", "localhost")


def password_step(tab, base_url, username):
    tab.goto(base_url + "/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()


def wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_passkey_enrols_on_first_sign_in_and_then_signs_in(
    chromium, live_server, settings, make_person
):
    base_url = local_url(live_server)
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base_url]
    editor = make_person("erin", services.EDITORS)
    context = chromium.new_context(locale="en-AU")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    cdp = context.new_cdp_session(tab)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    try:
        password_step(tab, base_url, "erin")
        expect(tab.get_by_role("heading", name="Set up a second sign-in step")).to_be_visible()
        tab.get_by_role("button", name="Add a passkey").click()
        assert wait_for(lambda: WebAuthnCredential.objects.filter(user=editor).exists())

        context.clear_cookies()
        password_step(tab, base_url, "erin")
        expect(tab.get_by_role("heading", name="Confirm it is you")).to_be_visible()
        tab.goto(base_url + "/admin/pages/")
        expect(tab.locator("h1").first).to_have_text("Confirm it is you")
        tab.get_by_role("button", name="Use a passkey").click()
        tab.wait_for_url(f"{base_url}/admin/pages/**")
        expect(tab.get_by_text("Confirm it is you")).to_have_count(0)
        assert tab.url.startswith(f"{base_url}/admin/pages/")
    finally:
        context.close()


def test_totp_signs_in_and_a_wrong_code_does_not(browser_page, live_server, make_person):
    make_person("erin", services.EDITORS)
    browser_sign_in(browser_page, live_server.url, "erin", PASSWORD)
    expect(browser_page.get_by_role("heading", name="Confirm it is you")).to_have_count(0)
    assert browser_page.url.endswith("/admin/")

    browser_page.context.clear_cookies()
    password_step(browser_page, live_server.url, "erin")
    browser_page.get_by_label("Code from your authenticator app, or a recovery code").fill("000000")
    browser_page.get_by_role("button", name="Continue").click()
    expect(browser_page.get_by_role("alert")).to_contain_text("That code is not right")
    assert get_user_model().objects.filter(username="erin").exists()


def test_an_injected_inline_script_does_not_run(browser_page, live_server, seeded_site):
    """The real page and headers, with a script injected into the body as an XSS would."""
    injected = "<script>window.__injected = true;</script>"

    def inject(route):
        response = route.fetch()
        body = response.text().replace("</main>", injected + "</main>", 1)
        assert injected in body
        route.fulfill(response=response, body=body)

    violations = []
    browser_page.on("console", lambda message: violations.append(message.text))
    browser_page.route(f"{live_server.url}/", inject)
    response = browser_page.goto(live_server.url + "/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert browser_page.evaluate("window.__injected === undefined")
    assert any("Content Security Policy" in text for text in violations)
