"""Personal data of online applications: anonymisation after the service's retention period (dry run,
idempotence, what the registry keeps, the journal), the export by e-mail (command and admin screen), the
beat task, and the privacy notice linked from every form."""

import io
import json
import re

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from freezegun import freeze_time

from documents import actions, journal
from documents.models import Attachment, Correspondent, Document, JournalEntry
from documents.privacy import ANONYMISED_NAME
from home.models import PrivacyPage
from portal.tasks import anonymise_personal_data
from services.models import ServiceApplication
from tests.documents.factories import RegisterFactory, UserFactory

from .factories import (
    SectionFactory,
    ServiceIndexPageFactory,
    admin_access,
    online_service,
    pdf_upload,
    site_root,
    valid_post,
)

FILE_FIELD = "q-dokument_za_zaverka"
QUESTION = "q-darzhava_v_koyato_shte_se_polzva_dokumentat"


@override_settings(SERVICES_APPLY_RATE="1000/m", SERVICES_RETENTION_DAYS=1095)
class PersonalDataTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = RegisterFactory(index="ОА-04", uri_index=4, name="Заявления", purpose="online")
        cls.manager = UserFactory(username="manager", manager=True)
        index = ServiceIndexPageFactory(slug="uslugi")
        section = SectionFactory()
        # 30 days on the apostille, the portal's default (1095) on the other service.
        cls.page = online_service(
            index, cls.register, title="Заверка с апостил", slug="apostil", section=section, retention_days=30
        )
        cls.other = online_service(index, cls.register, title="Друга услуга", slug="druga", section=section)

    def submit(self, page, email, name, **extra):
        client = self.client_class()
        post = valid_post(page, email=email, full_name=name, **extra)
        post[FILE_FIELD] = pdf_upload("diploma.pdf")
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(f"/uslugi/{page.slug}/apply/", post)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return ServiceApplication.objects.get(email=email)

    def act(self, action, *args, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return action(*args, **kwargs)

    def setUp(self):
        with freeze_time("2024-01-10 09:00"):
            self.expired = self.submit(self.page, "maria@example.org", "Мария Петрова")
            self.withdrawn = self.submit(self.page, "georgi@example.org", "Георги Колев")
            self.default_retention = self.submit(self.other, "petar@example.org", "Петър Димов")
            self.open = self.submit(self.page, "ivo@example.org", "Иво Стоянов")
        with freeze_time("2024-01-20 09:00"):
            self.act(actions.close, self.manager, self.expired.document, note="Готово")
            self.act(actions.withdraw, self.manager, self.withdrawn.document, reason="Оттеглено")
            self.act(actions.close, self.manager, self.default_retention.document)
        with freeze_time("2024-02-25 09:00"):
            self.recent = self.submit(self.page, "nina@example.org", "Нина Иванова")
            self.act(actions.close, self.manager, self.recent.document)

    def reload(self, application):
        return ServiceApplication.objects.select_related("document").get(pk=application.pk)


class AnonymisationTests(PersonalDataTestCase):
    RUN_AT = "2024-03-01 03:00"  # 40 days after the first closures, 5 after the recent one

    def run_command(self, *args):
        out = io.StringIO()
        with freeze_time(self.RUN_AT):
            call_command("anonymise_personal_data", *args, stdout=out)
        return out.getvalue()

    def test_dry_run_counts_and_changes_nothing(self):
        entries = JournalEntry.objects.count()
        self.assertIn("services.applications: 2 would be anonymised", self.run_command("--dry-run"))
        self.assertEqual(self.reload(self.expired).email, "maria@example.org")
        self.assertIsNone(self.reload(self.expired).anonymised_at)
        self.assertEqual(JournalEntry.objects.count(), entries)

    def test_real_run_anonymises_only_the_expired_closed_ones(self):
        before = self.reload(self.expired)
        doc_before = Document.objects.get(pk=before.document_id)
        stored = Attachment.objects.get(document=doc_before).file.name
        storage = Attachment.objects.get(document=doc_before).file.storage
        self.assertTrue(storage.exists(stored))

        with self.captureOnCommitCallbacks(execute=True):
            self.assertIn("services.applications: 2 anonymised", self.run_command())

        app = self.reload(self.expired)
        self.assertEqual(app.applicant_name, ANONYMISED_NAME)
        self.assertEqual((app.email, app.phone, app.address, app.answers), ("", "", "", []))
        self.assertEqual(app.access_code_hash, "")
        self.assertIsNotNone(app.anonymised_at)
        self.assertEqual(app.incoming_number, before.incoming_number)
        self.assertEqual(app.submitted_at, before.submitted_at)
        self.assertEqual(app.receipt_sha256, before.receipt_sha256)  # a kept receipt still verifies
        doc = app.document
        self.assertEqual(
            (doc.formatted_number, doc.subject, doc.registered_at, doc.closed_at, doc.status),
            (doc_before.formatted_number, doc_before.subject, doc_before.registered_at, doc_before.closed_at,
             doc_before.status),
        )
        self.assertEqual(doc.note, "")
        self.assertNotIn("Петрова", doc.correspondent_names)
        sender = Correspondent.objects.get(parties__document=doc)
        self.assertEqual((sender.name, sender.email, sender.phone, sender.address),
                         (ANONYMISED_NAME, "", "", ""))
        attachment = Attachment.objects.get(document=doc)
        self.assertFalse(attachment.file)
        self.assertFalse(storage.exists(stored))
        self.assertEqual(attachment.sha256, Attachment.objects.get(pk=attachment.pk).sha256)

        self.assertIsNotNone(self.reload(self.withdrawn).anonymised_at)
        for untouched in (self.default_retention, self.open, self.recent):
            app = self.reload(untouched)
            self.assertIsNone(app.anonymised_at)
            self.assertNotEqual(app.email, "")
            self.assertNotEqual(Correspondent.objects.get(parties__document=app.document).email, "")

        entries = JournalEntry.objects.filter(action="anonymise")
        self.assertEqual(sorted(e.document_id for e in entries),
                         sorted([self.expired.document_id, self.withdrawn.document_id]))
        entry = entries.get(document_id=self.expired.document_id)
        self.assertEqual(entry.actor_label, "system:system")
        self.assertIn("30 дни", entry.after["note"])
        self.assertEqual(entry.after["files_removed"], 2)  # the uploaded file and the registration receipt
        self.assertNotIn("maria", json.dumps(entry.after, ensure_ascii=False))
        self.assertTrue(journal.verify().ok)
        out = io.StringIO()
        call_command("verify_journal", stdout=out)

        # The clerk's document page shows the step, and the kept number, without the applicant's name.
        self.client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
        page = self.client.get(reverse("documents_admin:document", args=[doc.pk]))
        self.assertContains(page, "Личните данни са анонимизирани")
        self.assertContains(page, doc.formatted_number)
        self.assertNotContains(page, "Мария Петрова")

        # A second run finds nothing new and writes nothing.
        count = JournalEntry.objects.count()
        self.assertIn("services.applications: 0 anonymised", self.run_command())
        self.assertEqual(JournalEntry.objects.count(), count)

    def test_the_default_retention_applies_when_the_service_sets_none(self):
        with override_settings(SERVICES_RETENTION_DAYS=10):
            self.assertIn("services.applications: 3 would be anonymised", self.run_command("--dry-run"))

    def test_the_retention_period_is_in_the_editor(self):
        self.client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
        response = self.client.get(f"/admin/pages/{self.page.pk}/edit/")
        self.assertContains(response, 'name="retention_days"')
        self.assertContains(response, 'value="30"')

    def test_the_beat_task_runs_the_anonymiser(self):
        with freeze_time(self.RUN_AT):
            self.assertEqual(anonymise_personal_data.apply().get()["services.applications"], 2)
        self.assertEqual(self.reload(self.expired).email, "")
        self.assertEqual(self.reload(self.open).email, "ivo@example.org")

    def test_an_anonymised_application_can_no_longer_be_tracked(self):
        with freeze_time(self.RUN_AT):
            anonymise_personal_data()
        response = self.client.post("/track/", {"number": self.expired.incoming_number, "code": "ABCD-EFGH"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "не е верен")


class ExportTests(PersonalDataTestCase):
    def export(self, email):
        out = io.StringIO()
        call_command("export_personal_data", email, stdout=out)
        return json.loads(out.getvalue())["data"]

    def test_export_finds_the_applications_by_email_in_any_case(self):
        data = self.export("MARIA@Example.org")
        [record] = data["services.applications"]
        self.assertEqual(record["incoming_number"], self.expired.incoming_number)
        self.assertEqual(record["service"], "Заверка с апостил")
        self.assertEqual(record["status"], "closed")
        self.assertEqual(record["applicant_name"], "Мария Петрова")
        self.assertIn("Германия", json.dumps(record["answers"], ensure_ascii=False))
        self.assertEqual([f["name"] for f in record["files"]], ["diploma.pdf"])
        [correspondent] = data["documents.correspondents"]
        self.assertEqual(correspondent["documents"][0]["number"], self.expired.incoming_number)

    def test_admin_screen_is_for_administrators_only(self):
        staff = admin_access(UserFactory(username="editor", is_staff=True))
        self.client.force_login(staff)
        self.assertEqual(self.client.get("/admin/personal-data/").status_code, 403)
        refused = self.client.post("/admin/personal-data/", {"email": "maria@example.org"})
        self.assertEqual(refused.status_code, 403)

    def test_admin_downloads_the_json_and_the_export_is_logged(self):
        admin = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.client.force_login(admin)
        self.assertContains(self.client.get("/admin/personal-data/"), 'name="email"')
        with self.assertLogs("portal.security", "INFO") as logs:
            response = self.client.post("/admin/personal-data/", {"email": "Maria@example.org"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(response.content)["data"]
        self.assertEqual(data["services.applications"][0]["incoming_number"], self.expired.incoming_number)
        self.assertTrue(any("personal_data.exported" in line for line in logs.output))

    def test_a_bad_address_is_refused_on_the_screen(self):
        self.client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
        response = self.client.post("/admin/personal-data/", {"email": "not-an-address"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"].split(";")[0], "text/html")


class PrivacyLinkTests(PersonalDataTestCase):
    def setUp(self):
        super().setUp()
        self.privacy = PrivacyPage(title="Защита на личните данни", slug="lichni-danni", intro="Какво пазим.")
        site_root().add_child(instance=self.privacy)
        self.privacy.save_revision().publish()
        self.url = self.privacy.url

    def assertLinks(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="{self.url}"', count=2)  # the form's note and the footer

    def test_the_notice_renders(self):
        self.assertContains(self.client.get(self.url), "Какво пазим.")

    def test_every_form_links_to_the_notice(self):
        self.assertLinks(self.client.get("/uslugi/apostil/apply/"))
        self.assertLinks(self.client.get("/track/"))
        client = self.client_class()
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(
                "/uslugi/apostil/apply/",
                {**valid_post(self.page, email="new@example.org"), FILE_FIELD: pdf_upload()},
            )
        done = client.get(response["Location"]).content.decode()
        code = re.search(r'id="access-code">([A-Z0-9-]+)<', done)[1]
        application = ServiceApplication.objects.get(email="new@example.org")
        client.post("/track/", {"number": application.incoming_number, "code": code})
        actions.request_information(self.manager, application.document, note="Пълномощно")
        status = client.get(f"/track/{application.public_id}/")
        self.assertContains(status, 'name="files"')
        self.assertLinks(status)
        self.assertLinks(client.get(f"/track/{application.public_id}/withdraw/"))
