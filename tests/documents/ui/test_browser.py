"""The clerk screens in a real browser (Debian's Chromium): axe-core finds no WCAG 2.1 A/AA violation in
our part of each page, the forms work without JavaScript of ours, and errors are announced and linked."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from documents import actions
from tests.documents.ui.conftest import SENDER, admin_access
from tests.e2e.harness import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Wagtail's own furniture (sidebar, header, icons) is Wagtail's business; we check what we render.
WAGTAIL_FURNITURE = ["#wagtail-sidebar", ".w-slim-header", "[data-w-messages-target]", ".w-dashboard header"]


@pytest.fixture
def logged_in(live_server, wagtail_base_data, page, incoming, outgoing, manager, clerk):  # noqa: F811
    """A manager's browser session, and a document with a file, resolution and deadline."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents.ui.conftest import PDF

    doc = actions.register_incoming(
        manager,
        register=incoming,
        subject="Сигнал за нерегламентирано сметище",
        kind="signal",
        channel="email",
        correspondents=SENDER,
        files=[SimpleUploadedFile("снимка.pdf", PDF)],
    )
    actions.assign(manager, doc, assignee=clerk, deadline=timezone.localdate() + datetime.timedelta(days=1))
    actions.resolve(manager, doc, text="За проверка на място", assignees=[clerk])
    client = Client()
    client.force_login(admin_access(manager))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return live_server.url, doc


def check(browser_page, url):
    response = browser_page.goto(url)
    assert response.status == 200, url
    assert_accessible(browser_page, exclude=WAGTAIL_FURNITURE)


def test_the_screens_are_accessible(logged_in, page):  # noqa: F811
    base, doc = logged_in
    for path in (
        "/admin/registry/",
        "/admin/registry/documents/",
        f"/admin/registry/registers/{doc.register_id}/?overdue=on&q=сметище",
        "/admin/registry/tasks/",
        f"/admin/registry/documents/{doc.pk}/",
        "/admin/registry/register/incoming/",
        "/admin/registry/register/outgoing/",
        "/admin/registry/journal/",
        "/admin/registry/statistics/",
        "/admin/",
    ):
        check(page, base + path)


def test_a_form_with_errors_is_announced_and_linked(logged_in, page):  # noqa: F811
    base, _doc = logged_in
    page.goto(base + "/admin/registry/register/incoming/")
    page.fill("#id_subject", "")
    with page.expect_navigation():
        page.locator("form.registry-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible() and summary.get_attribute("role") == "alert"
    first = summary.locator("a").first
    target = first.get_attribute("href")
    first.click()
    field = page.locator(target)
    assert field.get_attribute("aria-invalid") == "true"
    assert target[1:] + "-error" in field.get_attribute("aria-describedby")
    assert_accessible(page, exclude=WAGTAIL_FURNITURE)
