"""Editors: the review report, the snippets and the service page editor with the form builder."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from services.models import ServicePage

from .factories import SectionFactory, ServiceIndexPageFactory, ServicePageFactory


class ReviewReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.editor = User.objects.create_superuser("editor", "editor@example.org", "x" * 16)
        cls.owner = User.objects.create_user("owner", "owner@example.org", "x" * 16, first_name="Мария")
        index = ServiceIndexPageFactory()
        cls.overdue = ServicePageFactory(
            parent=index, title="Остаряла услуга", overdue=True, content_owner=cls.owner
        )
        cls.current = ServicePageFactory(
            parent=index,
            title="Прегледана услуга",
            review_by=datetime.date.today() + datetime.timedelta(days=30),
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_lists_only_pages_past_their_review_date(self):
        response = self.client.get(reverse("services_review_report"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Остаряла услуга")
        self.assertContains(response, "Мария")
        self.assertContains(response, "01.01.2020")
        self.assertNotContains(response, "Прегледана услуга")

    def test_in_the_reports_menu(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse("services_review_report"))

    def test_export_csv(self):
        response = self.client.get(reverse("services_review_report") + "?export=csv")
        self.assertEqual(response.status_code, 200)
        body = (
            b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        )
        self.assertIn("Остаряла услуга", body)
        self.assertNotIn("Прегледана услуга", body)

    def test_filter_by_owner(self):
        response = self.client.get(reverse("services_review_report"), {"content_owner": self.owner.pk})
        self.assertContains(response, "Остаряла услуга")

    def test_people_without_page_permissions_do_not_see_it(self):
        User = get_user_model()
        nobody = User.objects.create_user("nobody", "n@example.org", "x" * 16)
        self.client.force_login(nobody)
        response = self.client.get(reverse("services_review_report"))
        self.assertNotEqual(response.status_code, 200)


class SnippetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "x" * 16)
        SectionFactory(name="Заверки", slug="zaverki")

    def test_sections_listed_in_admin(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailsnippets_services_servicesection:list"))
        self.assertContains(response, "Заверки")


class ServicePageEditorTests(TestCase):
    """Creating a service with terms and form fields (including file uploads) through the admin."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "x" * 16)
        cls.index = ServiceIndexPageFactory()
        cls.section = SectionFactory()

    def post_data(self, **overrides):
        data = {
            "title": "Нова услуга",
            "slug": "nova-usluga",
            "section": self.section.pk,
            "short_description": "Кратко.",
            "description": '{"blocks": [], "entityMap": {}}',
            "legal_basis-count": "0",
            "providing_body": "Областен управител на област Русе",
            "payment_kind": "fee",
            "payment_methods": ["bank"],
            "required_documents-count": "0",
            "model_documents-count": "0",
            "apply_channels": ["desk", "online"],
            "result_methods": ["electronic"],
            "online_application_open": "on",
            "document_type_name": "Заявление",
            "form_intro": '{"blocks": [], "entityMap": {}}',
            "review_by": "2030-01-01",
            "terms-TOTAL_FORMS": "2",
            "terms-INITIAL_FORMS": "0",
            "terms-MIN_NUM_FORMS": "0",
            "terms-MAX_NUM_FORMS": "1000",
            "terms-0-kind": "regular",
            "terms-0-duration": "7",
            "terms-0-unit": "working_days",
            "terms-0-fee_eur": "5.11",
            "terms-0-ORDER": "0",
            "terms-1-kind": "fast",
            "terms-1-duration": "3",
            "terms-1-unit": "working_days",
            "terms-1-fee_eur": "7.67",
            "terms-1-ORDER": "1",
            "form_fields-TOTAL_FORMS": "2",
            "form_fields-INITIAL_FORMS": "0",
            "form_fields-MIN_NUM_FORMS": "0",
            "form_fields-MAX_NUM_FORMS": "1000",
            "form_fields-0-label": "Държава, в която ще се ползва документът",
            "form_fields-0-field_type": "singleline",
            "form_fields-0-required": "on",
            "form_fields-0-ORDER": "0",
            "form_fields-1-label": "Документ за заверка",
            "form_fields-1-field_type": "file",
            "form_fields-1-required": "on",
            "form_fields-1-ORDER": "1",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
        data.update(overrides)
        return data

    def form_errors(self, response):
        form = response.context and response.context.get("form")
        if form is None:
            return response.content[:2000]
        return {
            "form": form.errors,
            **{
                name: [f.errors for f in fs.forms] + [fs.non_form_errors()]
                for name, fs in form.formsets.items()
            },
        }

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=["services", "servicepage", self.index.pk])

    def test_editor_creates_a_service_with_an_upload_field(self):
        self.client.force_login(self.editor)
        response = self.client.post(self.add_url(), self.post_data())
        self.assertEqual(response.status_code, 302, self.form_errors(response))
        page = ServicePage.objects.get(slug="nova-usluga")
        self.assertEqual([t.kind for t in page.terms.all()], ["regular", "fast"])
        fields = list(page.form_fields.all())
        self.assertEqual([f.field_type for f in fields], ["singleline", "file"])
        self.assertTrue(fields[1].clean_name)

    def test_a_kind_of_term_only_once(self):
        self.client.force_login(self.editor)
        response = self.client.post(self.add_url(), self.post_data(**{"terms-1-kind": "regular"}))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Всеки вид срок може да присъства само веднъж.")
        self.assertFalse(ServicePage.objects.filter(slug="nova-usluga").exists())

    def test_online_needs_a_way_to_receive_the_result(self):
        self.client.force_login(self.editor)
        data = self.post_data()
        del data["result_methods"]
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Изберете поне един начин за получаване на резултата.")
