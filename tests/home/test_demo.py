"""``manage.py load_demo``: content, users and groups, refusing production, and idempotence."""

import io
import re
from html import unescape
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site, Workflow, WorkflowPage

from home import demo
from home.models import HomePage, NewsCategory, NewsIndexPage, NewsPage, SiteSettings, StandardPage


def snapshot():
    """Everything load_demo creates, counted, so that two runs can be compared."""
    pages = Page.objects.values_list("content_type__model", "locale__language_code").annotate(n=Count("id"))
    return {
        "pages": sorted(pages),
        "revisions": Revision.objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "groups": sorted(Group.objects.annotate(n=Count("user")).values_list("name", "n")),
        "group page permissions": GroupPagePermission.objects.count(),
        "workflows": sorted(Workflow.objects.values_list("name", flat=True)),
        "workflow pages": WorkflowPage.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "categories": NewsCategory.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "port", "root_page__slug")),
        "featured services": sorted(
            HomePage.objects.values_list("slug").annotate(n=Count("featured_services"))
        ),
    }


CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class _CyrillicOutsideBulgarian(HTMLParser):
    """Collects Cyrillic text (and alt/title/aria-label/placeholder values) that no lang="bg" element
    encloses: in an English page such text is either untranslated or unmarked for screen readers."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
            "wbr"}
    SKIPPED = {"script", "style"}  # not shown (JSON-LD names the register in Bulgarian by design)

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, language in force)
        self.found = []

    def _language(self):
        return self.stack[-1][1] if self.stack else None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = attrs.get("lang", self._language())
        if language != "bg":
            for name in ("alt", "title", "aria-label", "placeholder"):
                if CYRILLIC.search(attrs.get(name) or ""):
                    self.found.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag not in self.VOID:
            self.stack.append((tag, language))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if any(t in self.SKIPPED for t, _ in self.stack):
            return
        if self._language() != "bg" and CYRILLIC.search(data):
            self.found.append(data.strip())


def cyrillic_outside_bulgarian(html):
    parser = _CyrillicOutsideBulgarian()
    parser.feed(html)
    return parser.found


def language_link(response, code):
    """The href of the language switcher's link to ``code`` in a rendered page."""
    html = response.content.decode()
    nav = re.search(r'<nav class="lang"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no language switcher"
    link = re.search(r'<a href="([^"]*)" hreflang="%s"' % code, nav.group(1))
    assert link, f"no link to {code}"
    return unescape(link.group(1))


@override_settings(DEBUG=True)
class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = io.StringIO()
        call_command("load_demo", stdout=cls.output)
        cls.first = snapshot()

    def test_running_twice_gives_the_same_result(self):
        call_command("load_demo", stdout=io.StringIO())
        self.assertEqual(snapshot(), self.first)

    def test_the_site_root_is_the_bulgarian_home_page_and_the_placeholder_is_gone(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        self.assertIsInstance(home, HomePage)
        self.assertEqual(home.locale.language_code, "bg")
        self.assertFalse(Page.objects.filter(depth=2, content_type__app_label="wagtailcore").exists())
        self.assertEqual(SiteSettings.for_site(site).name, "Областна администрация Русе")

    def test_the_eight_municipalities(self):
        municipalities = Page.objects.get(slug="obshtini", locale__language_code="bg")
        names = [p.title for p in municipalities.get_children().live()]
        self.assertEqual(names, [f"Община {n}" for n in ("Борово", "Бяла", "Ветово", "Две могили", "Иваново",
                                                          "Русе", "Сливо поле", "Ценово")])

    def test_news_include_the_1_november_announcement_in_both_languages(self):
        news = NewsPage.objects.live().filter(locale__language_code="bg")
        self.assertGreaterEqual(news.count(), 5)
        announcement = news.get(slug="elektronen-obmen-s-obshtinite-ot-1-noemvri")
        self.assertIn("1 ноември", announcement.title)
        english = announcement.get_translation(announcement.locale.__class__.objects.get(language_code="en"))
        self.assertTrue(english.live)
        self.assertIn("1 November", english.title)

    def test_main_pages_have_live_english_translations(self):
        for slug in ("za-nas", "kontakti", "dostapnost", "novini"):
            page = Page.objects.get(slug=slug, locale__language_code="bg")
            translations = page.get_translations().live()
            self.assertEqual([p.locale.language_code for p in translations], ["en"], slug)

    def test_the_privacy_notice_exists_in_both_languages_and_is_linked(self):
        bg = self.client.get("/lichni-danni/")
        self.assertContains(bg, "3 години")
        self.assertContains(bg, "Комисията за защита на личните данни")
        self.assertContains(self.client.get("/en/personal-data/"), "3 years")
        self.assertContains(self.client.get("/"), 'href="/lichni-danni/"')
        self.assertContains(self.client.get("/track/"), "защита на личните данни</a>")

    def test_the_governors_services_are_demo_pages_with_stable_slugs(self):
        services = Page.objects.get(slug=demo.SERVICES_SLUG, locale__language_code="bg")
        slugs = set(services.get_children().values_list("slug", flat=True))
        self.assertTrue(set(demo.SERVICE_SLUGS.values()) <= slugs)
        # Until services.demo turns them into service pages they are standard pages, featured on home.
        home = HomePage.objects.get(locale__language_code="bg")
        featured = [f.service for f in home.featured_services.all()]
        self.assertEqual(len(featured), 4)
        if not any(p.specific_class._meta.label == "services.ServicePage" for p in featured):
            self.assertTrue(all(p.specific_class is StandardPage for p in featured))

    # --- English complete ------------------------------------------------------------------------------

    def test_every_live_bulgarian_page_has_a_live_english_translation(self):
        english = Locale.objects.get(language_code="en")
        missing = [
            page.url_path for page in Page.objects.live().filter(locale__language_code="bg", depth__gt=1)
            if not Page.objects.translation_of(page, inclusive=False).filter(locale=english).live().exists()
        ]
        self.assertEqual(missing, [])
        self.assertEqual(NewsPage.objects.live().filter(locale=english).count(), len(demo.NEWS))

    def test_english_pages_show_no_bulgarian_outside_lang_bg(self):
        paths = [page.url for page in Page.objects.live().filter(locale__language_code="en", depth__gt=1)]
        paths += ["/en/services/zaverka-s-apostil/apply/", "/en/services/zaverka-s-apostil/print/",
                  "/en/services/udostoverenie-akt-darzhavna-sobstvenost/"]
        problems = {}
        for path in paths:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            found = cyrillic_outside_bulgarian(response.content.decode())
            if found:
                problems[path] = found
        self.assertEqual(problems, {})

    def test_the_checker_finds_bulgarian_text_and_accepts_it_marked(self):
        self.assertEqual(cyrillic_outside_bulgarian('<p>Number in ИИСДА</p>'), ["Number in ИИСДА"])
        self.assertEqual(cyrillic_outside_bulgarian('<p>In <span lang="bg">ИИСДА</span></p>'), [])
        self.assertEqual(cyrillic_outside_bulgarian('<img alt="Сграда">'), ["<img alt='Сграда'>"])

    def test_english_interface_strings_name_the_registers_in_english(self):
        catalogue = self.client.get("/en/services/").content.decode()
        self.assertIn("Search by words or Administrative Register (IISDA) number", catalogue)
        service = self.client.get("/en/services/udostoverenie-akt-darzhavna-sobstvenost/").content.decode()
        self.assertIn("Through SEOS, the electronic message exchange system", service)
        self.assertIn("SSEV, the secure electronic delivery system", service)
        # Bulgarian is unchanged.
        bulgarian = self.client.get("/uslugi/udostoverenie-akt-darzhavna-sobstvenost/").content.decode()
        self.assertIn("Чрез СЕОС (за администрации)", bulgarian)
        self.assertIn("Търсене по думи или номер в ИИСДА", self.client.get("/uslugi/").content.decode())

    def test_the_english_home_lists_the_featured_services_in_english(self):
        html = self.client.get("/en/").content.decode()
        for page in Page.objects.get(slug="services", locale__language_code="en").get_children().live():
            self.assertIn(f'href="{page.url}"', html)
            self.assertIn(page.title, html)
        self.assertIn('href="/en/services/zaverka-s-apostil/"', html)

    def test_the_english_municipalities_index_links_to_the_english_pages(self):
        html = self.client.get("/en/municipalities/").content.decode()
        self.assertNotIn(demo.MUNICIPALITIES_IN_BULGARIAN_ONLY, html)
        for slug, (name, _centre, _sentence) in demo.MUNICIPALITIES_EN.items():
            self.assertIn(f'href="/en/municipalities/{slug}/"', html)
            page = self.client.get(f"/en/municipalities/{slug}/")
            self.assertContains(page, f"Municipality of {name}</h1>")

    def test_about_shows_every_block_type_in_both_languages(self):
        for path, contacts, alt in (("/za-nas/", "/kontakti/", "Илюстрация: сградата"),
                                    ("/en/about/", "/en/contacts/", "Illustration: the building")):
            page = StandardPage.objects.get(url_path__endswith=path.removeprefix("/en"),
                                            locale__language_code="en" if path.startswith("/en/") else "bg")
            self.assertEqual({b.block_type for b in page.body},
                             {"paragraph", "heading", "image", "document", "table", "call_to_action"}, path)
            html = self.client.get(path).content.decode()
            self.assertRegex(html, r'<img src="[^"]+" width="\d+" height="\d+" alt="%s' % alt)
            self.assertIn("<table", html)
            self.assertIn('<p class="document-link"><a href="/documents/', html)
            self.assertIn(f'href="{contacts}"', html.split('class="document-link"')[1])
            document_url = re.search(r'<p class="document-link"><a href="([^"]+)"', html).group(1)
            self.assertEqual(self.client.get(document_url).status_code, 200)

    def test_a_site_loaded_by_an_older_demo_is_completed(self):
        about = StandardPage.objects.get(slug="about", locale__language_code="en")
        about.body = [(b.block_type, b.value) for b in about.body if b.block_type in ("heading", "paragraph")]
        about.save_revision().publish()
        municipalities = StandardPage.objects.get(slug="municipalities", locale__language_code="en")
        municipalities.body = [("paragraph", demo.p(demo.MUNICIPALITIES_IN_BULGARIAN_ONLY))]
        municipalities.save_revision().publish()
        call_command("load_demo", stdout=io.StringIO())
        about.refresh_from_db()
        self.assertEqual({b.block_type for b in about.body},
                         {"paragraph", "heading", "image", "document", "table", "call_to_action"})
        self.assertContains(self.client.get("/en/about/"), 'href="/en/contacts/"')
        self.assertNotContains(self.client.get("/en/municipalities/"), demo.MUNICIPALITIES_IN_BULGARIAN_ONLY)

    # --- The language switcher keeps what is shown -------------------------------------------------------

    def test_switching_language_keeps_a_service_pages_sub_route(self):
        for path, code, expected in (
            ("/uslugi/zaverka-s-apostil/apply/", "en", "/en/services/zaverka-s-apostil/apply/"),
            ("/uslugi/zaverka-s-apostil/print/", "en", "/en/services/zaverka-s-apostil/print/"),
            ("/en/services/zaverka-s-apostil/apply/", "bg", "/uslugi/zaverka-s-apostil/apply/"),
            ("/uslugi/zaverka-s-apostil/", "en", "/en/services/zaverka-s-apostil/"),
        ):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200, path)
            self.assertEqual(language_link(response, code), expected, path)

    def test_switching_language_keeps_the_query_string(self):
        response = self.client.get("/uslugi/?section=zaverki&online=on")
        self.assertEqual(language_link(response, "en"), "/en/services/?section=zaverki&online=on")
        response = self.client.get("/en/news/?page=1")
        self.assertEqual(language_link(response, "bg"), "/novini/?page=1")
        # Without a query string, no stray "?".
        self.assertEqual(language_link(self.client.get("/za-nas/"), "en"), "/en/about/")

    def test_users_groups_and_permissions(self):
        users = {u.username: u for u in get_user_model().objects.all()}
        self.assertTrue({"admin", "editor", "moderator", "registrar", "clerk", "manager"} <= set(users))
        self.assertTrue(users["admin"].is_superuser)
        self.assertTrue(users["editor"].check_password(demo_password()))
        expected_groups = {"editor": "Editors", "moderator": "Moderators", "registrar": "Registrars",
                           "clerk": "Clerks", "manager": "Managers"}
        for username, group in expected_groups.items():
            self.assertIn(group, users[username].groups.values_list("name", flat=True), username)
            self.assertTrue(users[username].has_perm("wagtailadmin.access_admin"), username)
        news_index = NewsIndexPage.objects.get(locale__language_code="bg")
        self.assertTrue(news_index.permissions_for_user(users["editor"]).can_add_subpage())
        self.assertFalse(news_index.permissions_for_user(users["editor"]).can_publish())
        self.assertTrue(news_index.permissions_for_user(users["moderator"]).can_publish())
        self.assertFalse(news_index.permissions_for_user(users["clerk"]).can_add_subpage())

    def test_news_go_through_the_moderation_workflow(self):
        for news_index in NewsIndexPage.objects.all():
            workflow = news_index.get_workflow()
            self.assertEqual(workflow.name, demo.NEWS_WORKFLOW_NAME)
            task = workflow.tasks.get().specific
            self.assertEqual(list(task.groups.values_list("name", flat=True)), ["Moderators"])

    def test_logins_are_printed(self):
        text = self.output.getvalue()
        for username in ("admin", "editor", "moderator", "registrar", "clerk", "manager"):
            self.assertIn(username, text)
        self.assertIn(demo_password(), text)


def demo_password():
    from portal.management.commands.load_demo import DEMO_PASSWORD

    return DEMO_PASSWORD


class LoadDemoSafetyTests(TestCase):
    @override_settings(DEBUG=False)
    def test_refuses_with_debug_off(self):
        with self.assertRaisesMessage(CommandError, "development only"):
            call_command("load_demo", stdout=io.StringIO())
        self.assertFalse(get_user_model().objects.filter(username="admin").exists())
