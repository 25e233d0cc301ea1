"""RSS 2.0 and Atom 1.0 feeds of a news index (routes ``rss/`` and ``atom/`` of NewsIndexPage)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from home.models import SiteSettings


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site_name = SiteSettings.for_request(self.request).display_name
        return f"{self.index_page.title} – {site_name}"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def feed_url(self):
        return self.link() + self.index_page.reverse_subpage(self.url_name)

    url_name = "rss"

    def description(self):
        return self.index_page.intro or self.title()

    def items(self):
        return self.index_page.feed_items()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        # The news date is a day; publish it at local midnight so readers sort by the editor's date.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item):
        return item.last_published_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    url_name = "atom"

    def subtitle(self):
        return self.description()
