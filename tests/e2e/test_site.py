"""Browser tests of the public site on the real demo content: navigation, search, language, a11y, HTML."""

import re

import pytest
from django.core.management import call_command

from tests.e2e.harness import assert_accessible, assert_no_console_errors, assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def demo_site(live_server, wagtail_base_data, settings):
    """The demo content (without the other apps' loaders), served by live_server."""
    settings.BASE_URL = live_server.url
    call_command("load_demo", force=True, skip_apps=True, verbosity=0)
    return live_server.url


PAGES = {
    "home": "/",
    "news index": "/novini/",
    "news page": "/novini/elektronen-obmen-s-obshtinite-ot-1-noemvri/",
    # "About us" carries every StandardPage block: rich text, heading, image with alt text, document link,
    # table, call to action (home.demo.ABOUT_BODY_BG / _EN).
    "standard page": "/za-nas/",
    "search results": "/search/?q=%D0%B0%D0%BF%D0%BE%D1%81%D1%82%D0%B8%D0%BB",
    "contacts": "/kontakti/",
    "accessibility statement": "/dostapnost/",
    "privacy notice": "/lichni-danni/",
    "home (English)": "/en/",
    "news page (English)": "/en/news/electronic-exchange-with-municipalities-from-1-november/",
    "standard page (English)": "/en/about/",
}


def test_the_standard_page_entries_show_every_block_type(demo_site, page):
    """The "standard page" entries above really are StandardPages with each block, so axe and vnu see
    every block's markup."""
    for path in (PAGES["standard page"], PAGES["standard page (English)"]):
        page.goto(demo_site + path)
        content = page.locator("main")
        assert content.locator("h2").count() >= 2, path
        image = content.locator("figure img")
        assert image.count() == 1 and image.get_attribute("alt"), path
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{path}: the image loads"
        assert content.locator("table caption").count() == 1, path
        assert content.locator(".document-link a").count() == 1, path
        assert content.locator(".cta a").count() == 1, path


def test_pages_are_accessible_and_valid(demo_site, page):
    """axe-core: 0 WCAG 2.1 A/AA violations; vnu: 0 HTML errors; no CSP violation, on every page type."""
    failures = []
    for name, path in PAGES.items():
        response = page.goto(demo_site + path)
        assert response.status == 200, f"{name}: HTTP {response.status}"
        html = page.content()
        for check, args in ((assert_accessible, (page,)), (assert_valid_html, (html, path)),
                            (assert_no_console_errors, (page,))):
            try:
                check(*args)
            except AssertionError as error:
                failures.append(f"== {name} ({path})\n{error}")
    assert not failures, "\n\n".join(failures)


def test_visitor_reads_news_searches_and_switches_language(demo_site, page):
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "bg"

    # Follow the main navigation to the news and open the 1 November announcement.
    page.get_by_role("navigation", name="Основна навигация").get_by_role("link", name="Новини").click()
    assert page.locator("h1").inner_text() == "Новини"
    page.get_by_role("link", name=re.compile("От 1 ноември общините")).first.click()
    assert "1 ноември" in page.locator("h1").inner_text()
    assert page.get_by_role("navigation", name="Навигационна пътека").is_visible()

    # Switch to English: the same news item, translated.
    page.get_by_role("navigation", name="Език").get_by_role("link", name="English").click()
    # The click starts a navigation; read the new document only once it has arrived.
    page.wait_for_url("**/en/news/electronic-exchange-with-municipalities-from-1-november/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/en/news/electronic-exchange-with-municipalities-from-1-november/")
    assert "From 1 November" in page.locator("h1").inner_text()

    # And back to Bulgarian from a page without translation falls back to the home page.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Български").click()
    page.wait_for_url("**/novini/elektronen-obmen-s-obshtinite-ot-1-noemvri/")
    assert page.url.endswith("/novini/elektronen-obmen-s-obshtinite-ot-1-noemvri/")

    # Search from the header.
    page.get_by_label("Търсене в сайта").fill("апостил")
    page.get_by_label("Търсене в сайта").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator("ol.results li")
    assert results.count() >= 1
    assert "Заверка на документи с апостил" in results.first.inner_text()
    results.first.get_by_role("link").click()
    assert page.locator("h1").inner_text() == "Заверка на документи с апостил"
    assert_no_console_errors(page)


def test_keyboard_user_skips_to_content_with_visible_focus(demo_site, page):
    page.goto(demo_site + "/novini/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Към основното съдържание")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link becomes visible when focused"
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_readable_at_320_pixels_without_horizontal_scrolling(demo_site, page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/novini/", "/uslugi/zaverka-s-apostil/", "/kontakti/"):
        page.goto(demo_site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth"
                                 " - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        assert_accessible(page)  # e.g. a wide table must scroll in a region reachable by keyboard
