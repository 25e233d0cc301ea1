"""PDF rendering with WeasyPrint, reaching only the project's own static files.

Templates live under ``templates/pdf/``; they link their stylesheet with ``{% static %}``. The URL fetcher
maps ``STATIC_URL`` paths (relative or under ``BASE_URL``) to the static finders and allows ``data:``
URIs (QR codes); any other URL — the network, ``file://`` — is refused, so a subject or name typed by a
user cannot make the renderer fetch anything.
"""

import logging
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
BASE = "https://static.invalid"  # base URL for relative links; never fetched over the network


class StaticOnlyFetcher(URLFetcher):
    """Serves ``/static/...`` from the static finders and ``data:`` URIs; refuses everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        base_host = urlsplit(settings.BASE_URL).netloc
        if (
            parts.scheme in ("http", "https")
            and parts.netloc in (urlsplit(BASE).netloc, base_host)
            and parts.path.startswith(settings.STATIC_URL)
        ):
            relative = unquote(parts.path[len(settings.STATIC_URL) :])
            if ".." not in relative.split("/"):
                path = finders.find(relative)
                if path:
                    with open(path, "rb") as fh:
                        body = fh.read()
                    content_type = (
                        "text/css"
                        if path.endswith(".css")
                        else ("image/svg+xml" if path.endswith(".svg") else "application/octet-stream")
                    )
                    return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        logger.warning("PDF renderer refused to fetch %s", url)
        raise ValueError(f"PDF templates may only use the project's static files, not {url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes."""
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=BASE + "/", url_fetcher=StaticOnlyFetcher()).write_pdf()
