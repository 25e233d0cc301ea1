"""Routing and rendering of every public page type, through the HTTP client."""

import datetime
import re

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from home.models import AccessibilityPage, ContactPoint, NewsPage

from .factories import NewsCategoryFactory, NewsPageFactory, StandardPageFactory, build_site


class SiteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def get(self, url, status=200, **kwargs):
        response = self.client.get(url, **kwargs)
        self.assertEqual(response.status_code, status, f"{url}: {response.status_code}")
        return response


class HomePageTests(SiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        t = cls.tree
        cls.news = [NewsPageFactory(parent=t.news_index, title=f"Новина {i}", date=datetime.date(2026, 11, i))
                    for i in range(1, 6)]
        cls.service = StandardPageFactory(parent=t.about, title="Заверка с апостил", slug="apostil",
                                          search_description="Апостил за документи от общините.")
        t.home.featured_services.create(service=cls.service, sort_order=0)
        t.home.save_revision().publish()

    def test_home_renders_lead_latest_news_services_and_information_centre(self):
        response = self.get("/")
        self.assertTemplateUsed(response, "home/home_page.html")
        html = response.content.decode()
        self.assertIn('<html lang="bg"', html)
        self.assertIn(self.tree.home.lead, html)
        # Latest 3 news, newest first.
        titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)<', html)
        self.assertEqual(titles, ["Новина 5", "Новина 4", "Новина 3"])
        self.assertIn("Заверка с апостил", html)
        self.assertIn("Апостил за документи от общините.", html)
        self.assertIn("Понеделник – петък: 9:00 – 17:30 ч.", html)
        self.assertIn('href="tel:082812210"', html)

    def test_unpublished_featured_service_is_not_shown(self):
        self.service.unpublish()
        self.assertNotIn("Заверка с апостил", self.get("/").content.decode())

    def test_home_links_news_feeds_in_head(self):
        html = self.get("/").content.decode()
        self.assertIn('<link rel="alternate" type="application/rss+xml"', html)
        self.assertIn('href="http://testserver/novini/rss/"', html)
        self.assertIn('href="http://testserver/novini/atom/"', html)

    def test_english_home_is_in_english(self):
        response = self.get("/en/")
        html = response.content.decode()
        self.assertIn('<html lang="en"', html)
        self.assertIn("The regional governor carries out state policy in Ruse region.", html)
        self.assertIn("Regional Administration of Ruse", html)
        self.assertIn("Monday – Friday: 9:00 – 17:30", html)


class ChromeTests(SiteTestCase):
    """Navigation, breadcrumbs, footer and language switcher, which every page shares."""

    def test_main_navigation_lists_menu_pages_of_the_current_language(self):
        html = self.get("/").content.decode()
        nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
        self.assertIn('href="/za-nas/"', nav)
        self.assertIn('href="/novini/"', nav)
        self.assertNotIn("dostapnost", nav)  # not in menus
        html_en = self.get("/en/").content.decode()
        nav_en = re.search(r'<nav class="main-nav".*?</nav>', html_en, re.S).group(0)
        self.assertIn('href="/en/about/"', nav_en)
        self.assertNotIn("za-nas", nav_en)

    def test_current_page_is_marked_in_navigation(self):
        html = self.get("/za-nas/").content.decode()
        self.assertIn('<a href="/za-nas/" aria-current="page">За нас</a>', html)

    def test_breadcrumbs_show_the_path_from_home(self):
        child = StandardPageFactory(parent=self.tree.about, title="Структура", slug="struktura")
        html = self.get(child.url).content.decode()
        crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
        self.assertEqual(re.findall(r"<a href=\"([^\"]+)\">", crumbs), ["/", "/za-nas/"])
        self.assertIn('<span aria-current="page">Структура</span>', crumbs)

    def test_home_has_no_breadcrumbs(self):
        self.assertNotIn('class="breadcrumbs"', self.get("/").content.decode())

    def test_every_page_type_links_the_accessibility_statement_in_the_footer(self):
        news = NewsPageFactory(parent=self.tree.news_index)
        urls = ["/", "/za-nas/", "/novini/", news.url, "/kontakti/", "/dostapnost/", "/search/?q=x"]
        for url in urls:
            footer = re.search(r"<footer.*?</footer>", self.get(url).content.decode(), re.S).group(0)
            self.assertIn('href="/dostapnost/"', footer, url)
        footer_en = re.search(r"<footer.*?</footer>", self.get("/en/").content.decode(), re.S).group(0)
        self.assertIn('href="/en/accessibility/"', footer_en)

    def test_language_switcher_keeps_the_page_when_translated(self):
        html = self.get("/za-nas/").content.decode()
        self.assertIn('<a href="/en/about/" hreflang="en" lang="en">English</a>', html)
        self.assertIn('<link rel="alternate" hreflang="en" href="http://testserver/en/about/">', html)
        html_en = self.get("/en/about/").content.decode()
        self.assertIn('<a href="/za-nas/" hreflang="bg" lang="bg">Български</a>', html_en)

    def test_language_switcher_falls_back_to_the_home_page_without_translation(self):
        html = self.get("/kontakti/").content.decode()  # contacts are not translated in this tree
        self.assertIn('<a href="/en/" hreflang="en" lang="en">English</a>', html)
        self.assertNotIn('hreflang="en" href=', html)  # no false alternate

    def test_language_switcher_on_a_view_outside_the_tree_keeps_the_query(self):
        html = self.get("/search/?q=test").content.decode()
        self.assertIn('<a href="/en/search/?q=test" hreflang="en" lang="en">English</a>', html)

    def test_skip_link_and_landmarks(self):
        html = self.get("/za-nas/").content.decode()
        self.assertIn('<a class="skip-link" href="#main">', html)
        self.assertIn('<main id="main"', html)
        self.assertIn("<header", html)
        self.assertIn("<footer", html)
        self.assertIn('role="search"', html)

    def test_no_inline_script_or_style(self):
        for url in ["/", "/za-nas/", "/novini/", "/kontakti/", "/dostapnost/", "/search/?q=a", "/missing/"]:
            html = self.client.get(url).content.decode()
            self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)", url)
            self.assertNotIn("<style", html, url)
            self.assertNotRegex(html, r"\sstyle=", url)
            self.assertNotRegex(html, r"\son[a-z]+=", url)

    def test_content_security_policy_header_forbids_inline_code(self):
        policy = self.get("/")["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)


class StandardPageTests(SiteTestCase):
    def test_streamfield_blocks_render(self):
        from wagtail.rich_text import RichText

        from .factories import ImageFactory

        image = ImageFactory()
        page = StandardPageFactory(
            parent=self.tree.home, slug="bloks", title="Блокове",
            body=[
                ("paragraph", RichText("<p>Обикновен <b>текст</b>.</p>")),
                ("heading", {"text": "Подзаглавие", "level": "h3"}),
                ("image", {"image": {"image": image, "decorative": False, "alt_text": "Карта на областта"},
                           "caption": "Област Русе"}),
                ("table", {"data": [["Услуга", "Срок"], ["Апостил", "3 дни"]],
                           "first_row_is_table_header": True, "first_col_is_header": False,
                           "table_caption": "Срокове"}),
                ("call_to_action", {"text": "Готови ли сте?", "page": self.tree.contacts, "url": "",
                                    "label": "Пишете ни"}),
            ],
        )
        html = self.get(page.url).content.decode()
        self.assertIn("<p>Обикновен <b>текст</b>.</p>", html)
        self.assertIn("<h3>Подзаглавие</h3>", html)
        self.assertRegex(html, r'<img src="[^"]+" width="\d+" height="\d+" alt="Карта на областта">')
        self.assertIn("<figcaption>Област Русе</figcaption>", html)
        self.assertIn("<caption>Срокове</caption>", html)
        self.assertIn('<th scope="col"', html)
        self.assertIn('<a class="button" href="/kontakti/">Пишете ни</a>', html)

    def test_section_page_lists_its_children(self):
        StandardPageFactory(parent=self.tree.about, title="Община Борово", slug="borovo",
                            search_description="Административен център: град Борово.")
        html = self.get("/za-nas/").content.decode()
        self.assertIn('<a href="/za-nas/borovo/">Община Борово</a>', html)
        self.assertIn("Административен център: град Борово.", html)

    def test_draft_page_is_not_served(self):
        draft = StandardPageFactory(parent=self.tree.home, slug="chernova", publish=False)
        self.get(f"/{draft.slug}/", status=404)


class NewsTests(SiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.category = NewsCategoryFactory(name="Събития", slug="sabitiya")
        cls.other = NewsCategoryFactory(name="Съобщения", slug="saobshteniya")
        cls.news = [
            NewsPageFactory(parent=cls.tree.news_index, title=f"Новина {i:02d}",
                            date=datetime.date(2026, 10, i),
                            categories=[cls.category] if i % 2 else [cls.other])
            for i in range(1, 24)
        ]

    def test_index_lists_ten_per_page_newest_first(self):
        html = self.get("/novini/").content.decode()
        titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)<', html)
        self.assertEqual(titles, [f"Новина {i:02d}" for i in range(23, 13, -1)])
        self.assertIn('rel="next"', html)
        page3 = self.get("/novini/?page=3").content.decode()
        self.assertEqual(re.findall(r'class="card__title"><a href="[^"]+">([^<]+)<', page3),
                         ["Новина 03", "Новина 02", "Новина 01"])
        self.assertIn('<span aria-current="page">3</span>', page3)

    def test_out_of_range_page_shows_the_last_page(self):
        html = self.get("/novini/?page=999").content.decode()
        self.assertIn("Новина 01", html)

    def test_category_filter(self):
        html = self.get("/novini/?category=sabitiya").content.decode()
        titles = re.findall(r'class="card__title"><a href="[^"]+">([^<]+)<', html)
        self.assertTrue(titles)
        self.assertTrue(all(int(t.split()[-1]) % 2 for t in titles), titles)
        self.assertIn("<h1>Новини: Събития</h1>", html)
        self.get("/novini/?category=nyama-takava", status=404)

    def test_news_page(self):
        item = NewsPageFactory(parent=self.tree.news_index, with_image=True, title="Приемен ден",
                               date=datetime.date(2026, 11, 1), lead="Областният управител приема граждани.",
                               categories=[self.category])
        response = self.get(item.url)
        self.assertTemplateUsed(response, "home/news_page.html")
        html = response.content.decode()
        self.assertIn("<h1>Приемен ден</h1>", html)
        self.assertIn('<time datetime="2026-11-01">1\u00a0ноември 2026\u00a0г.</time>', html)
        self.assertIn('alt="Сградата на областната администрация"', html)
        self.assertIn('href="/novini/?category=sabitiya">Събития</a>', html)
        self.assertIn('type="application/rss+xml"', html)

    def test_news_date_in_english(self):
        item = NewsPageFactory(parent=self.tree.news_index, date=datetime.date(2026, 11, 1))
        english = item.copy_for_translation(self.tree.news_index_en.locale)
        english.save_revision().publish()
        html = self.get(english.url).content.decode()
        self.assertIn('<time datetime="2026-11-01">1 November 2026</time>', html)

    def test_rss_feed(self):
        import xml.etree.ElementTree as ET

        response = self.get("/novini/rss/")
        self.assertTrue(response["Content-Type"].startswith("application/rss+xml"))
        channel = ET.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("title"), "Новини – Областна администрация Русе")
        self.assertEqual(channel.findtext("language"), "bg")
        items = channel.findall("item")
        self.assertEqual(len(items), 20)
        self.assertEqual(items[0].findtext("title"), "Новина 23")
        self.assertEqual(items[0].findtext("link"), f"http://testserver/novini/{self.news[-1].slug}/")
        self.assertIn("Кратко резюме", items[0].findtext("description"))

    def test_atom_feed(self):
        import xml.etree.ElementTree as ET

        response = self.get("/novini/atom/")
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        ns = {"a": "http://www.w3.org/2005/Atom"}
        feed = ET.fromstring(response.content)
        self.assertEqual(len(feed.findall("a:entry", ns)), 20)
        self.assertEqual(feed.find("a:entry/a:title", ns).text, "Новина 23")

    def test_feed_excludes_drafts(self):
        NewsPageFactory(parent=self.tree.news_index, title="Чернова", publish=False,
                        date=datetime.date(2027, 1, 1))
        self.assertNotIn("Чернова", self.get("/novini/rss/").content.decode())
        self.assertNotIn("Чернова", self.get("/novini/").content.decode())


class ContactAndAccessibilityTests(SiteTestCase):
    def test_contact_page_shows_settings_and_contact_points(self):
        ContactPoint.objects.create(page=self.tree.contacts, name="Информационен център", phone="082 812 210",
                                    email="info@ruse.example", hours="9:00 – 17:30")
        html = self.get("/kontakti/").content.decode()
        self.assertIn("000530632", html)
        self.assertIn("Информационен център", html)
        self.assertIn('href="mailto:info@ruse.example"', html)
        self.assertIn("пл. „Свобода“ № 6", html)

    def test_accessibility_statement(self):
        html = self.get("/dostapnost/").content.decode()
        self.assertIn("EN 301 549", html)
        self.assertIn("WCAG 2.1", html)
        self.assertIn('<time datetime="2026-11-27">27\u00a0ноември 2026\u00a0г.</time>', html)
        self.assertIn("частично съответствие", html)
        html_en = self.get("/en/accessibility/").content.decode()
        self.assertIn("partially compliant", html_en)
        self.assertIn("27 November 2026", html_en)

    def test_privacy_notice_renders_and_the_footer_links_it(self):
        from home.models import PrivacyPage

        page = PrivacyPage(title="Защита на личните данни", slug="lichni-danni", intro="Какво пазим и защо.",
                           last_reviewed_on=datetime.date(2026, 11, 29),
                           body=[("paragraph", "<p>Срокът е 3 години.</p>")])
        self.tree.home.add_child(instance=page)
        page.save_revision().publish()
        html = self.get("/lichni-danni/").content.decode()
        self.assertIn("<h1>Защита на личните данни</h1>", html)
        self.assertIn("Срокът е 3 години.", html)
        self.assertIn('<time datetime="2026-11-29">', html)
        self.assertIn('<a href="/lichni-danni/">Лични данни</a>', self.get("/").content.decode())


class SearchTests(SiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.apostille = StandardPageFactory(parent=cls.tree.home, title="Заверка на документи с апостил",
                                            slug="apostil", intro="Заверка по Хагската конвенция.")
        NewsPageFactory(parent=cls.tree.news_index, title="Нов ред за апостил", lead="Промени в реда.")
        StandardPageFactory(parent=cls.tree.home, title="Скрита апостил чернова", slug="skrita",
                            publish=False)

    def test_search_finds_live_pages_in_the_current_language(self):
        response = self.get("/search/", data={"q": "апостил"})
        self.assertTemplateUsed(response, "home/search.html")
        html = response.content.decode()
        self.assertIn('<a href="/apostil/">Заверка на документи с апостил</a>', html)
        self.assertIn("Заверка по Хагската конвенция.", html)
        self.assertIn("Нов ред за апостил", html)
        self.assertNotIn("чернова", html)
        self.assertIn("2 резултата", html)

    def test_search_in_english_does_not_return_bulgarian_pages(self):
        html = self.get("/en/search/", data={"q": "апостил"}).content.decode()
        self.assertNotIn("/apostil/", html)
        self.assertIn("0 results", html)

    def test_empty_query_shows_the_form_only(self):
        html = self.get(reverse("search")).content.decode()
        self.assertIn('id="search-page-q"', html)
        self.assertNotIn("results-heading", html)

    def test_too_long_query_is_explained(self):
        html = self.get("/search/", data={"q": "а" * 201}).content.decode()
        self.assertIn('aria-describedby="search-error"', html)
        self.assertIn("200", html)

    def test_search_page_is_not_indexed_by_robots(self):
        self.assertIn('<meta name="robots" content="noindex">', self.get("/search/?q=x").content.decode())


class SitemapRobotsAndErrorsTests(SiteTestCase):
    def test_sitemap_lists_live_pages_in_both_languages(self):
        draft = StandardPageFactory(parent=self.tree.home, slug="chernova", publish=False)
        xml = self.get("/sitemap.xml").content.decode()
        for path in ["/", "/za-nas/", "/novini/", "/kontakti/", "/dostapnost/", "/en/", "/en/about/"]:
            self.assertIn(f"<loc>http://testserver{path}</loc>", xml)
        self.assertNotIn(draft.slug, xml)

    def test_robots_txt(self):
        response = self.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        text = response.content.decode()
        self.assertIn("Disallow: /admin/", text)
        self.assertIn("Disallow: /search/", text)
        self.assertIn("Disallow: /en/search/", text)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", text)

    def test_friendly_404(self):
        response = self.get("/nyama-takava-stranitsa/", status=404)
        html = response.content.decode()
        self.assertIn("<h1>Страницата не е намерена</h1>", html)
        self.assertIn('href="/search/"', html)
        self.assertIn('<a class="skip-link"', html)
        response_en = self.get("/en/no-such-page/", status=404)
        self.assertIn("<h1>Page not found</h1>", response_en.content.decode())

    @override_settings(DEBUG=False)
    def test_friendly_500_needs_no_database(self):
        from django.template.loader import render_to_string

        with self.assertNumQueries(0), translation.override("bg"):
            html = render_to_string("500.html")
        self.assertIn("<h1>Нещо се обърка</h1>", html)
        self.assertIn('<html lang="bg"', html)


class PageTypeCountTests(TestCase):
    def test_every_public_page_type_is_covered_here(self):
        # A new page type in home/ must get rendering tests above.
        from django.apps import apps

        models = sorted(m.__name__ for m in apps.get_app_config("home").get_models() if issubclass(m, Page))
        self.assertEqual(models, ["AccessibilityPage", "ContactPage", "HomePage", "NewsIndexPage", "NewsPage",
                                  "PrivacyPage", "StandardPage"])
        self.assertTrue(issubclass(AccessibilityPage, Page) and issubclass(NewsPage, Page))
