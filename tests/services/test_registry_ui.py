"""Clerks: the online application in the registry (document note, the services listing and detail)."""

import re

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import ServiceApplication
from tests.documents.factories import RegisterFactory, UserFactory

from .factories import (
    SectionFactory,
    ServiceIndexPageFactory,
    admin_access,
    online_service,
    pdf_upload,
    valid_post,
)

FILE_FIELD = "q-dokument_za_zaverka"


@override_settings(SERVICES_APPLY_RATE="1000/m")
class RegistryViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = RegisterFactory(index="ОА-04", uri_index=4, name="Заявления", purpose="online")
        cls.manager = admin_access(UserFactory(username="manager", manager=True))
        cls.editor = admin_access(UserFactory(username="editor"))
        index = ServiceIndexPageFactory(slug="uslugi")
        cls.page = online_service(
            index, cls.register, title="Заверка с апостил", slug="apostil", section=SectionFactory()
        )

    def apply(self, **overrides):
        applicant = self.client_class()
        with self.captureOnCommitCallbacks(execute=True):
            applicant.post(
                "/uslugi/apostil/apply/",
                {**valid_post(self.page, **overrides), FILE_FIELD: pdf_upload("diploma.pdf")},
            )
        return ServiceApplication.objects.latest("pk")

    def test_registry_document_page_shows_service_and_answers(self):
        application = self.apply()
        self.client.force_login(self.manager)
        response = self.client.get(reverse("documents_admin:document", args=[application.document_id]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Онлайн заявление за услуга: Заверка с апостил")
        self.assertContains(response, "Държава, в която ще се ползва документът: Германия")
        self.assertContains(response, "Обикновена, 7 работни дни, 7,67")

    def test_registry_document_page_shows_the_application_panel(self):
        """The registry renders the panels of ``registry_document_panels``: the service and the answers."""
        application = self.apply()
        self.client.force_login(self.manager)
        response = self.client.get(reverse("documents_admin:document", args=[application.document_id]))
        self.assertEqual(response.status_code, 200)
        panel = re.search(
            r'<section[^>]*class="services-application-panel">.*?</section>', response.content.decode(), re.S
        )
        self.assertIsNotNone(panel, "the application panel is missing from the document page")
        self.assertIn("Заверка с апостил", panel.group(0))
        self.assertIn("Държава, в която ще се ползва документът", panel.group(0))
        self.assertIn("Германия", panel.group(0))

    def test_registry_document_page_query_count_is_constant(self):
        first = self.apply()
        second = self.apply(
            full_name="Мария Иванова Петрова", **{"q-darzhava_v_koyato_shte_se_polzva_dokumentat": "Италия"}
        )
        self.client.force_login(self.manager)
        self.client.get(reverse("documents_admin:document", args=[first.document_id]))  # warm caches
        counts = []
        for application in (first, second):
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(
                    reverse("documents_admin:document", args=[application.document_id])
                )
            self.assertContains(response, "services-application-panel")
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])

    def test_list_and_detail(self):
        first = self.apply()
        self.apply(full_name="Мария Иванова Петрова")
        self.client.force_login(self.manager)
        listing = self.client.get(reverse("services_admin:applications"))
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, first.incoming_number)
        self.assertContains(listing, "Мария Иванова Петрова")
        detail = self.client.get(reverse("services_admin:application", args=[first.pk]))
        self.assertContains(detail, "Германия")
        self.assertContains(detail, "Държава, в която ще се ползва документът")
        self.assertContains(detail, reverse("documents_admin:document", args=[first.document_id]))

    def test_filter_by_status(self):
        application = self.apply()
        self.client.force_login(self.manager)
        response = self.client.get(reverse("services_admin:applications"), {"status": "closed"})
        self.assertNotContains(response, application.incoming_number)
        response = self.client.get(reverse("services_admin:applications"), {"status": "registered"})
        self.assertContains(response, application.incoming_number)

    def test_people_outside_the_registry_are_refused(self):
        application = self.apply()
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("services_admin:applications")).status_code, 403)
        self.assertEqual(
            self.client.get(reverse("services_admin:application", args=[application.pk])).status_code, 403
        )

    def test_a_clerk_sees_only_what_the_registry_lets_them_see(self):
        application = self.apply()
        clerk = admin_access(UserFactory(username="clerk", clerk=True))
        self.client.force_login(clerk)
        self.assertNotContains(
            self.client.get(reverse("services_admin:applications")), application.incoming_number
        )
        self.assertEqual(
            self.client.get(reverse("services_admin:application", args=[application.pk])).status_code, 404
        )

    def test_list_query_count_does_not_grow(self):
        self.apply()
        self.client.force_login(self.manager)
        self.client.get(reverse("services_admin:applications"))
        with CaptureQueriesContext(connection) as before:
            self.client.get(reverse("services_admin:applications"))
        for _ in range(3):
            self.apply()
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(reverse("services_admin:applications"))
        self.assertEqual(len(re.findall(r"ОА-04-\d+/", response.content.decode())) >= 4, True)
        self.assertEqual(len(after), len(before))

    def test_panel_hook_for_the_registry(self):
        from wagtail import hooks

        application = self.apply()
        panels = [fn(None, application.document) for fn in hooks.get_hooks("registry_document_panels")]
        self.assertTrue(any("Германия" in html for html in panels))

    def panel(self, user, application):
        self.client.force_login(user)
        response = self.client.get(reverse("documents_admin:document", args=[application.document_id]))
        self.assertEqual(response.status_code, 200)
        return re.search(
            r'<section[^>]*class="services-application-panel">.*?</section>', response.content.decode(), re.S
        ).group(0)

    def test_the_service_links_to_its_public_page_and_to_its_editor_only_for_editors(self):
        from django.contrib.auth.models import Group, Permission
        from wagtail.models import GroupPagePermission

        application = self.apply()
        editor_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])

        # A registry manager without page permissions: the public page, no editor they could not open.
        panel = self.panel(self.manager, application)
        self.assertIn(f'href="{self.page.url}"', panel)
        self.assertNotIn(editor_url, panel)
        self.assertNotEqual(self.client.get(editor_url).status_code, 200)

        # One who may edit the page (Wagtail's page permissions) is offered the editor as well.
        group = Group.objects.create(name="Service editors")
        GroupPagePermission.objects.create(
            group=group, page=self.page, permission=Permission.objects.get(codename="change_page")
        )
        page_editor = admin_access(UserFactory(username="page-editor", manager=True))
        page_editor.groups.add(group)
        panel = self.panel(page_editor, application)
        self.assertIn(f'href="{self.page.url}"', panel)
        self.assertIn(f'href="{editor_url}"', panel)
        self.assertIn("Редактиране на страницата на услугата", panel)
        self.assertEqual(self.client.get(editor_url).status_code, 200)
