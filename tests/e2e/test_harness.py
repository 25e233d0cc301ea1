"""The harness itself must be able to fail: axe, vnu and the console check each catch a planted fault."""

import pytest

from tests.e2e.harness import assert_accessible, assert_no_console_errors, assert_valid_html, html_errors

pytestmark = pytest.mark.browser

BAD_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title></head>
<body><main><img src="x.png"><a href="/"></a>
<p style="color:#aaa;background:#fff">faint</p></main></body></html>"""


def test_axe_reports_violations(page):
    page.set_content(BAD_PAGE)
    with pytest.raises(AssertionError) as error:
        assert_accessible(page)
    message = str(error.value)
    for rule in ("html-has-lang", "image-alt", "link-name", "color-contrast"):
        assert rule in message


def test_vnu_reports_errors_and_accepts_valid_html():
    valid = "<!DOCTYPE html><html lang=bg><head><title>t</title></head><body><p>ok</p></body></html>"
    assert html_errors(valid) == []
    with pytest.raises(AssertionError, match="vnu: 2 HTML error"):
        assert_valid_html("<!DOCTYPE html><html lang=bg><head><title>t</title></head>"
                          "<body><p><div>x</div></p><span id=a></span><span id=a></span></body></html>")


def test_console_errors_are_reported(page):
    page.set_content("<!DOCTYPE html><html lang=en><title>t</title>"
                     "<body><script>throw new Error('boom')</script>")
    with pytest.raises(AssertionError, match="boom"):
        assert_no_console_errors(page)
