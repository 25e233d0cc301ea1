"""``manage.py load_demo``: content, users and groups, refusing production, and idempotence."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, Revision, Site, Workflow, WorkflowPage

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
