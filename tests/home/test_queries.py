"""Queries per public page type: a fixed number, the same with 10 and with 100 news items.

Each URL is requested once to warm what is legitimately cached between requests (Wagtail's site root
paths, image renditions), then measured.
"""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from .factories import ImageFactory, NewsCategoryFactory, NewsPageFactory, StandardPageFactory, build_site

# Expected queries per page type. A change here is a deliberate decision: say why in the commit.
EXPECTED = {
    "home": 14,
    "news index": 18,
    "news index, category": 19,
    "news page": 16,
    "standard page": 15,
    "contacts": 14,
    "accessibility statement": 13,
    "search results": 11,
    "rss feed": 10,
}


class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.category = NewsCategoryFactory(slug="sabitiya")
        cls.image = ImageFactory()
        cls.standard = StandardPageFactory(parent=cls.tree.about, slug="struktura", title="Структура")
        cls.first_news = cls.add_news(10)

    @classmethod
    def add_news(cls, count):
        created = []
        for i in range(count):
            created.append(NewsPageFactory(
                parent=cls.tree.news_index, title=f"Новина за апостил {i}",
                date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
                image=cls.image if i % 2 else None, image_alt="Снимка",
                categories=[cls.category],
            ))
        return created

    def urls(self):
        return {
            "home": "/",
            "news index": "/novini/",
            "news index, category": "/novini/?category=sabitiya",
            "news page": self.first_news[0].url,
            "standard page": self.standard.url,
            "contacts": "/kontakti/",
            "accessibility statement": "/dostapnost/",
            "search results": "/search/?q=апостил",
            "rss feed": "/novini/rss/",
        }

    def count_queries(self):
        counts = {}
        for name, url in self.urls().items():
            self.assertEqual(self.client.get(url).status_code, 200, url)  # warm-up
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            counts[name] = len(queries)
        return counts

    def test_query_counts_are_fixed_and_do_not_grow_with_the_news(self):
        with_10 = self.count_queries()
        self.add_news(90)
        with_100 = self.count_queries()
        self.assertEqual(with_10, with_100, "queries grew with the number of news items")
        self.maxDiff = None
        self.assertEqual(with_100, EXPECTED)
