"""Page creation rules, blocks, site settings and formatting filters."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory, SimpleTestCase, TestCase
from django.utils import translation
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page

from home.models import (
    AccessibilityPage,
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SiteSettings,
    StandardPage,
)
from home.models.blocks import CallToActionBlock
from home.models.pages import FeaturedServiceChooserPanel, featured_service_page_types

from .factories import build_site


class CreationRuleTests(TestCase):
    """Where each page type may be created (Page.can_create_at combines parent_page_types,
    subpage_types and max_count_per_parent)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def assertCreatable(self, model, parent, expected=True):
        self.assertEqual(model.can_create_at(parent), expected,
                         f"{model.__name__} under {type(parent.specific).__name__}")

    def test_home_page_only_under_the_tree_root(self):
        self.assertCreatable(HomePage, Page.get_first_root_node())
        for parent in (self.tree.home, self.tree.about, self.tree.news_index):
            self.assertCreatable(HomePage, parent, False)

    def test_news_pages_only_in_a_news_index(self):
        self.assertCreatable(NewsPage, self.tree.news_index)
        for parent in (self.tree.home, self.tree.about, self.tree.contacts):
            self.assertCreatable(NewsPage, parent, False)
        self.assertEqual(NewsIndexPage.allowed_subpage_models(), [NewsPage])

    def test_news_index_only_under_home(self):
        self.assertCreatable(NewsIndexPage, self.tree.home)
        self.assertCreatable(NewsIndexPage, self.tree.about, False)
        self.assertCreatable(NewsIndexPage, self.tree.news_index, False)

    def test_standard_pages_under_home_and_standard_pages(self):
        self.assertCreatable(StandardPage, self.tree.home)
        self.assertCreatable(StandardPage, self.tree.about)
        self.assertCreatable(StandardPage, self.tree.news_index, False)
        self.assertCreatable(StandardPage, self.tree.accessibility, False)

    def test_one_accessibility_statement_and_one_contact_page_per_parent(self):
        # build_site already made one of each under home.
        self.assertCreatable(AccessibilityPage, self.tree.home, False)
        self.assertCreatable(ContactPage, self.tree.home, False)
        self.assertCreatable(ContactPage, self.tree.about)
        self.assertCreatable(AccessibilityPage, self.tree.about, False)

    def test_leaf_pages_have_no_children(self):
        for model in (NewsPage, ContactPage, AccessibilityPage):
            self.assertEqual(model.allowed_subpage_models(), [], model.__name__)

    def test_home_page_leaves_room_for_other_apps_index_pages(self):
        # Other apps' index pages declare HomePage as their parent; home must not shut them out.
        allowed = {m._meta.label for m in HomePage.allowed_subpage_models()}
        self.assertTrue({"home.StandardPage", "home.NewsIndexPage", "home.ContactPage"} <= allowed)
        self.assertNotIn("home.NewsPage", allowed)
        self.assertNotIn("home.HomePage", allowed)


class FeaturedServiceTests(SimpleTestCase):
    def test_chooser_offers_the_existing_service_page_types(self):
        types = featured_service_page_types()
        self.assertIn("home.StandardPage", types)
        # services.ServicePage is offered exactly when the services app defines it.
        from django.apps import apps

        try:
            apps.get_model("services.ServicePage")
            self.assertIn("services.ServicePage", types)
        except LookupError:
            self.assertNotIn("services.ServicePage", types)

    def test_panel_resolves_page_types_when_the_form_is_built(self):
        from home.models import HomePageFeaturedService

        panel = FeaturedServiceChooserPanel("service").bind_to_model(HomePageFeaturedService)
        widget = panel.get_form_options()["widgets"]["service"]
        self.assertEqual(sorted(m._meta.label for m in widget.target_models),
                         sorted(featured_service_page_types()))


class CallToActionBlockTests(SimpleTestCase):
    def test_needs_a_page_or_an_address(self):
        block = CallToActionBlock()
        with self.assertRaises(StructBlockValidationError):
            block.clean(block.to_python({"text": "", "page": None, "url": "", "label": "Към услугата"}))
        value = block.clean(block.to_python({"text": "", "page": None, "url": "https://egov.bg/",
                                              "label": "Към egov.bg"}))
        self.assertEqual(value["url"], "https://egov.bg/")


class SiteSettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def test_eik_must_have_9_or_13_digits(self):
        settings_obj = SiteSettings.for_site(self.tree.site)
        for bad in ("12345", "12345678X", "1234567890"):
            settings_obj.eik = bad
            with self.assertRaises(ValidationError):
                settings_obj.full_clean()
        for good in ("000530632", "0005306320001"):
            settings_obj.eik = good
            settings_obj.full_clean()

    def test_localized_values_fall_back_to_bulgarian(self):
        settings_obj = SiteSettings.for_site(self.tree.site)
        settings_obj.address_en = ""
        with translation.override("en"):
            self.assertEqual(settings_obj.display_name, "Regional Administration of Ruse")
            self.assertEqual(settings_obj.display_address, settings_obj.address)
        with translation.override("bg"):
            self.assertEqual(settings_obj.display_name, "Областна администрация Русе")
        self.assertEqual(settings_obj.phone_list, ["082 812 210", "082 812 212"])

    def test_admin_edits_the_settings_and_the_footer_shows_them(self):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("root", "root@ruse.example", "x" * 16)
        self.client.force_login(admin)
        url = f"/admin/settings/home/sitesettings/{self.tree.site.pk}/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        data = {
            "name": "Областна администрация – Русе", "name_en": "Ruse Regional Administration",
            "eik": "000530632", "address": "пл. „Свобода“ № 6, Русе", "address_en": "",
            "phones": "082 800 000", "email": "info@ruse.example",
            "working_hours": "Всеки делник 8:30 – 17:00",
            "working_hours_en": "",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.client.logout()
        html = self.client.get("/").content.decode()
        self.assertIn("Областна администрация – Русе", html)
        self.assertIn('href="tel:082800000"', html)
        self.assertIn("Всеки делник 8:30 – 17:00", html)

    def test_admin_rejects_a_bad_eik_with_a_message(self):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("root", "root@ruse.example", "x" * 16)
        self.client.force_login(admin)
        url = f"/admin/settings/home/sitesettings/{self.tree.site.pk}/"
        response = self.client.post(url, {"name": "X", "eik": "12", "phones": "", "email": ""})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ЕИК се състои от 9 или 13 цифри.")
        self.assertEqual(SiteSettings.for_site(self.tree.site).eik, "000530632")


class FormatFilterTests(SimpleTestCase):
    def render(self, text, **context):
        return Template("{% load portal_format %}" + text).render(Context(context))

    def test_dates_in_bulgarian_and_english(self):
        day = datetime.date(2026, 11, 1)
        with translation.override("bg"):
            self.assertEqual(self.render("{{ d|human_date }}", d=day), "1\u00a0ноември 2026\u00a0г.")
        with translation.override("en"):
            self.assertEqual(self.render("{{ d|human_date }}", d=day), "1 November 2026")

    def test_datetime_uses_local_time(self):
        moment = datetime.datetime(2026, 11, 1, 7, 5, tzinfo=datetime.UTC)  # 09:05 in Sofia
        with translation.override("bg"):
            self.assertEqual(self.render("{{ d|human_datetime }}", d=moment),
                             "1\u00a0ноември 2026\u00a0г., 09:05\u00a0ч.")

    def test_money_in_euro(self):
        with translation.override("bg"):
            self.assertEqual(self.render("{{ v|eur }}", v=Decimal("1234.5")), "1\u00a0234,50\u00a0€")
            self.assertEqual(self.render("{{ v|eur }}", v=5), "5,00\u00a0€")
            self.assertEqual(self.render("{{ v|eur }}", v="2.005"), "2,01\u00a0€")
        with translation.override("en"):
            self.assertEqual(self.render("{{ v|eur }}", v=Decimal("1234.5")), "€1,234.50")
            self.assertEqual(self.render("{{ v|eur }}", v=Decimal("-3")), "-€3.00")

    def test_empty_and_non_numbers(self):
        self.assertEqual(self.render("{{ v|eur }}", v=None), "")
        self.assertEqual(self.render("{{ v|eur }}", v="безплатно"), "безплатно")
        self.assertEqual(self.render("{{ v|human_date }}", v=None), "")


class ChromeWithoutPageTests(TestCase):
    """Other apps render base.html from plain views: the chrome must work without a Wagtail page."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def test_base_template_renders_from_a_plain_view_with_a_paginator_page_in_context(self):
        from django.core.paginator import Paginator
        from django.template.loader import render_to_string

        request = RequestFactory().get("/search/")
        request.user = None
        with translation.override("bg"):
            html = render_to_string("base.html", {"page": Paginator([1, 2], 1).page(1)}, request=request)
        self.assertIn('<a href="/za-nas/">За нас</a>', html)
        self.assertIn('href="/dostapnost/"', html)
        self.assertNotIn('class="breadcrumbs"', html)
