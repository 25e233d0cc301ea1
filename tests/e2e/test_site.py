"""Browser tests of the public site on the real demo content: navigation, search, language, a11y, HTML."""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible, assert_no_console_errors, assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def demo_site(live_server, django_db_serialized_rollback, settings):
    """The demo content (without the other apps' loaders), served by live_server."""
    settings.BASE_URL = live_server.url
    call_command("load_demo", force=True, skip_apps=True, verbosity=0)
    return live_server.url


PAGES = {
    "home": "/",
    "news index": "/novini/",
    "news page": "/novini/elektronen-obmen-s-obshtinite-ot-1-noemvri/",
    "standard page": "/uslugi/dostap-do-obshtestvena-informatsiya/",
    "search results": "/search/?q=%D0%B0%D0%BF%D0%BE%D1%81%D1%82%D0%B8%D0%BB",
    "contacts": "/kontakti/",
    "accessibility statement": "/dostapnost/",
    "home (English)": "/en/",
    "news page (English)": "/en/news/electronic-exchange-with-municipalities-from-1-november/",
}


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
