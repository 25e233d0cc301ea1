"""The whole e-service journey in a real browser (Debian's Chromium), on the demo content:

a citizen finds the apostille service in the catalogue, applies with a PDF attachment using the keyboard
only (after one submission with errors), gets the incoming number and the access code and downloads the
receipt; a clerk answers in the registry (an outgoing document with a file, linked to the application);
the citizen opens the application with number + code and downloads the answer. axe-core finds no WCAG 2.1
A/AA violation on any citizen page of the way.
"""

import hashlib
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from documents import actions
from documents.models import Document
from services.models import ServiceApplication, ServicePage
from tests.e2e.harness import assert_accessible, assert_no_console_errors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SERVICE_TITLE = "Заверка на документи с апостил"
WAGTAIL_FURNITURE = ["#wagtail-sidebar", ".w-slim-header", "[data-w-messages-target]"]


def pdf_with_text(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<html lang='bg'><body><p>{text}</p></body></html>").write_pdf()


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF"), data[:40]
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def tab_to(page, selector: str, limit: int = 40):
    """Press Tab until the element matching ``selector`` has the focus (fail if the keyboard never gets
    there): the form must be reachable in order, without the mouse."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
    pytest.fail(f"Tab did not reach {selector} within {limit} presses (focus on {focused})")


def choose_file_with_keyboard(page, path, attempts: int = 3):
    """Open the focused file input's chooser with Space and pick ``path``. Headless Chromium now and then
    drops the key's activation under load: the key is pressed again (still keyboard only) before failing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press("Space")
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            continue
        chooser.value.set_files(str(path))
        return


def field_id(page, label: str) -> str:
    return "#" + page.get_by_label(label, exact=False).first.get_attribute("id")


@pytest.fixture
def demo(wagtail_base_data, live_server):
    call_command("load_demo", force=True, verbosity=0)
    return live_server.url


def login_as(browser, browser_context_args, base_url, user):
    """A browser context with ``user``'s admin session (two-factor is off in the test settings)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**browser_context_args)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context


def test_citizen_applies_clerk_answers_citizen_downloads(demo, page, browser, browser_context_args, tmp_path):
    base = demo
    service = ServicePage.objects.get(title=SERVICE_TITLE)
    assert service.accepts_online
    scan = tmp_path / "akt.pdf"
    scan.write_bytes(pdf_with_text("Удостоверение за раждане"))

    # --- The citizen finds the service in the catalogue --------------------------------------------
    page.goto(base + "/uslugi/")
    assert_accessible(page)
    page.fill("#id_q", "апостил")
    with page.expect_navigation():
        page.locator("form.services-filter button[type=submit]").click()
    page.get_by_role("link", name=SERVICE_TITLE).click()
    page.wait_for_url(f"**{service.url}")
    assert page.locator("h1").inner_text().strip() == SERVICE_TITLE
    assert_accessible(page)

    apply_url = service.url + service.reverse_subpage("apply")
    with page.expect_navigation():
        page.locator(f"a[href='{apply_url}']").first.click()
    assert page.url == base + apply_url
    assert_accessible(page)

    # --- Sent empty once: every error announced, linked and accessible -----------------------------
    tab_to(page, "form.application-form button[type=submit]", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    assert summary.is_visible() and summary.get_attribute("role") == "alert"
    assert summary.locator("a[href='#id_full_name']").count() == 1
    assert page.locator("#id_full_name").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_consent").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert not ServiceApplication.objects.exists()

    # --- Filled in with the keyboard only: Tab, typing, Space, arrows, Enter -----------------------
    country = field_id(page, "Държава, в която ще се ползва документът")
    kind = field_id(page, "Вид на документа")
    count = field_id(page, "Брой документи")
    scan_field = field_id(page, "Сканиран документ за заверка")

    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab_to(page, "#id_full_name", limit=80)
    page.keyboard.type("Иван Петров Иванов")
    tab_to(page, "#id_email")
    page.keyboard.type("ivan@example.org")
    tab_to(page, "#id_phone")
    page.keyboard.type("0888 123 456")
    tab_to(page, "#id_address")
    page.keyboard.type("гр. Русе, ул. „Борисова“ 10")
    tab_to(page, "#id_applicant_kind_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_term_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_result_method_0")
    page.keyboard.press("Space")
    tab_to(page, country)
    page.keyboard.type("Германия")
    tab_to(page, kind)
    page.keyboard.press("ArrowDown")
    if not page.eval_on_selector(kind, "(e) => e.value"):  # a blank first option: one more step
        page.keyboard.press("ArrowDown")
    tab_to(page, count)
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    tab_to(page, scan_field)
    choose_file_with_keyboard(page, scan)
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    assert page.is_checked("#id_consent")
    tab_to(page, "form.application-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # --- Confirmation: number, code, receipt --------------------------------------------------------
    assert page.locator("#error-summary").count() == 0, page.locator("#error-summary").inner_text()
    number = page.locator("#incoming-number").inner_text().strip()
    code = page.locator("#access-code").inner_text().strip()
    application = ServiceApplication.objects.get()
    assert number == application.incoming_number
    assert code and code not in application.access_code_hash
    assert_accessible(page)

    receipt_href = page.locator("a[href$='receipt.pdf']").first.get_attribute("href")
    receipt = page.context.request.get(base + receipt_href)
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    text = pdf_text(receipt.body())
    scan_sha256 = hashlib.sha256(scan.read_bytes()).hexdigest()
    for expected in ("Потвърждение за получаване", number, SERVICE_TITLE, "akt.pdf", scan_sha256, "/verify/"):
        assert expected.lower() in text.lower(), f"{expected!r} not in the receipt: {text}"
    assert_no_console_errors(page)

    # --- A clerk answers in the registry ----------------------------------------------------------
    users = get_user_model().objects
    actions.assign(users.get(username="manager"), application.document, assignee=users.get(username="clerk"))
    clerk_context = login_as(browser, browser_context_args, base, users.get(username="clerk"))
    admin = clerk_context.new_page()
    admin.set_default_timeout(15_000)
    response = admin.goto(f"{base}/admin/registry/documents/{application.document_id}/")
    assert response.status == 200
    panel = admin.locator(".services-application-panel")
    assert SERVICE_TITLE in panel.inner_text() and "Германия" in panel.inner_text()
    assert_accessible(admin, exclude=WAGTAIL_FURNITURE)

    answer_file = tmp_path / "otgovor.pdf"
    answer_file.write_bytes(pdf_with_text("Апостилът е поставен. Оригиналът ви очаква на гише 3."))
    with admin.expect_navigation():
        admin.locator(f"a[href$='/documents/{application.document_id}/answer/']").click()
    outgoing = admin.locator("#id_register option", has_text="ОА-02").get_attribute("value")
    admin.select_option("#id_register", outgoing)
    admin.select_option("#id_channel", "email")
    admin.set_input_files("#id_files", str(answer_file))
    with admin.expect_navigation():
        admin.locator("form.registry-form button[type=submit]").click()
    answer = Document.objects.get(in_reply_to=application.document)
    assert admin.url.endswith(f"/admin/registry/documents/{answer.pk}/")
    assert answer.attachments.get().original_name == "otgovor.pdf"
    clerk_context.close()

    # --- The citizen, in a fresh session, opens the application with number + code -----------------
    page.context.clear_cookies()
    page.goto(base + "/track/")
    assert_accessible(page)
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.locator("form.application-form button[type=submit]").click()
    assert page.url.endswith(f"/track/{application.public_id}/")
    assert answer.formatted_number in page.locator("section[aria-labelledby=answer-heading]").inner_text()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="otgovor.pdf").click()
    assert "Апостилът е поставен" in pdf_text(open(download.value.path(), "rb").read())
    assert_no_console_errors(page)
