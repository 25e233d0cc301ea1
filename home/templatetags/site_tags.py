"""The site's chrome for base.html: main navigation, language switcher, breadcrumbs, footer links.

Everything is computed once per request (a fixed handful of queries, whatever the size of the site) and
works in any view that extends base.html, with or without a Wagtail ``page`` in the context.
"""

from functools import cached_property

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from home.models import AccessibilityPage, ContactPage, NewsIndexPage, PrivacyPage
from home.visibility import private_q

register = template.Library()


def _language_names():
    # Each language is named in itself, so a reader who does not know the current one still finds theirs.
    return {"bg": "Български", "en": "English"}


class SiteChrome:
    def __init__(self, request, page):
        self.request = request
        self.page = page if isinstance(page, Page) else None
        self.language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]

    @cached_property
    def site(self):
        return Site.find_for_request(self.request) if self.request is not None else None

    @cached_property
    def homes(self):
        """The site's root page in every language that has it live: {language_code: page}. One query."""
        if self.site is None:
            return {}
        root_key = Page.objects.filter(pk=self.site.root_page_id).values("translation_key")
        pages = Page.objects.filter(translation_key__in=root_key).live().select_related("locale")
        return {p.locale.language_code: p for p in pages}

    @cached_property
    def home(self):
        return self.homes.get(self.language) or self.homes.get(settings.LANGUAGE_CODE)

    @cached_property
    def _pages_below_home(self):
        """Menu pages and the pages the footer links to, in one query (plus the view restrictions once)."""
        if self.home is None:
            return []
        home = self.home
        chrome_types = [ContentType.objects.get_for_model(m) for m in (AccessibilityPage, ContactPage,
                                                                       NewsIndexPage, PrivacyPage)]
        menu = Q(depth=home.depth + 1, show_in_menus=True)
        linked = Q(content_type__in=chrome_types)
        pages = (
            Page.objects.descendant_of(home).live().filter(menu | linked)
            .exclude(private_q(self.request)).order_by("depth", "path")
        )
        return list(pages)

    @cached_property
    def menu_items(self):
        depth = self.home.depth + 1 if self.home else None
        return [p for p in self._pages_below_home if p.depth == depth and p.show_in_menus]

    def _first_of_type(self, model):
        content_type = ContentType.objects.get_for_model(model)
        return next((p for p in self._pages_below_home if p.content_type_id == content_type.pk), None)

    @cached_property
    def accessibility_page(self):
        return self._first_of_type(AccessibilityPage)

    @cached_property
    def privacy_page(self):
        return self._first_of_type(PrivacyPage)

    @cached_property
    def contact_page(self):
        return self._first_of_type(ContactPage)

    @cached_property
    def news_index(self):
        return self._first_of_type(NewsIndexPage)

    @cached_property
    def translations(self):
        """Live translations of the current page: {language_code: page}."""
        if self.page is None:
            return {}
        pages = Page.objects.translation_of(self.page, inclusive=False).live().select_related("locale")
        return {p.locale.language_code: p for p in pages}

    @cached_property
    def language_links(self):
        """One link per other language: the same page where it is translated, else that language's home."""
        links = []
        names = _language_names()
        for code, _name in settings.LANGUAGES:
            if code == self.language:
                continue
            same_page = True
            if self.page is not None:
                target = self.translations.get(code)
                if target is None:
                    target, same_page = self.homes.get(code), False
                url = target.get_url(self.request) if target is not None else None
                if url and same_page:
                    url = self._same_view(url)
            else:
                url = translate_url(self.request.get_full_path(), code) if self.request else None
            if url:
                links.append(
                    {"code": code, "name": names.get(code, code), "url": url, "same_page": same_page}
                )
        return links

    def _same_view(self, translated_url):
        """The translation's address of what is shown now: a routable page's sub-route (``apply/``,
        ``print/``) and the query string (a filtered catalogue, a news page number) carry over."""
        if self.request is None:
            return translated_url
        page_class = self.page.specific_class
        if page_class is not None and issubclass(page_class, RoutablePageMixin):
            page_url = self.page.get_url(self.request)
            path = self.request.path
            if page_url and path.startswith(page_url) and page_url.endswith("/"):
                translated_url += path[len(page_url):]
        query = self.request.META.get("QUERY_STRING", "")
        return f"{translated_url}?{query}" if query else translated_url

    @cached_property
    def alternates(self):
        """hreflang alternates of this page (only real translations), full URLs."""
        if self.page is None:
            return []
        result = [{"code": self.language, "url": self.page.get_full_url(self.request)}]
        for code, page in sorted(self.translations.items()):
            result.append({"code": code, "url": page.get_full_url(self.request)})
        return result

    def is_current_section(self, item):
        if self.page is None:
            return False
        return self.page.path.startswith(item.path)


@register.simple_tag(takes_context=True)
def site_chrome(context):
    request = context.get("request")
    page = context.get("page")
    cached = getattr(request, "_site_chrome", None)
    if cached is not None and cached.page is (page if isinstance(page, Page) else None):
        return cached
    chrome = SiteChrome(request, page)
    if request is not None:
        request._site_chrome = chrome
    return chrome


@register.inclusion_tag("home/includes/menu.html", takes_context=True)
def main_menu(context, chrome):
    current = chrome.page
    return {
        "request": context.get("request"),
        "items": [
            {
                "page": item,
                "is_current": current is not None and current.pk == item.pk,
                "in_section": chrome.is_current_section(item),
            }
            for item in chrome.menu_items
        ],
    }


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def page_breadcrumbs(context, page):
    """Breadcrumbs of a Wagtail page: the home page and every ancestor under it, then the page itself."""
    if not isinstance(page, Page) or page.depth <= 2:
        return {"crumbs": []}
    ancestors = page.get_ancestors().filter(depth__gt=1).live()
    request = context.get("request")
    return {
        "crumbs": [{"title": a.title, "url": a.get_url(request)} for a in ancestors],
        "current": page.title,
    }


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail, current=""):
    """Breadcrumbs for views outside the page tree: ``{% breadcrumbs "Title" url ... current="Here" %}``.

    The home page of the active language always comes first.
    """
    request = context.get("request")
    chrome = site_chrome(context)
    crumbs = []
    if chrome.home is not None:
        crumbs.append({"title": chrome.home.title, "url": chrome.home.get_url(request)})
    for title, url in zip(trail[::2], trail[1::2], strict=True):
        crumbs.append({"title": title, "url": url})
    return {"crumbs": crumbs, "current": current}


@register.inclusion_tag("home/includes/privacy_link.html", takes_context=True)
def privacy_link(context):
    """The sentence under a form that points to the privacy notice (nothing when there is none)."""
    chrome = site_chrome(context)
    page = chrome.privacy_page
    return {"url": page.get_url(context.get("request")) if page is not None else None}
