"""Tracking: number + code → timeline; generic failures, limits and logs; more documents, withdrawal;
status e-mails from the registry's signals; the answer downloadable."""

import re
from unittest import mock

from django.core import mail
from django.test import TestCase, override_settings
from freezegun import freeze_time

from documents import actions
from documents.models import Document
from services import access
from services.models import ApplicationEvent, ServiceApplication
from tests.documents.factories import RegisterFactory, UserFactory

from .factories import (
    EXE,
    SectionFactory,
    ServiceIndexPageFactory,
    online_service,
    pdf_upload,
    upload,
    valid_post,
)

FILE_FIELD = "q-dokument_za_zaverka"
GENERIC = "Входящият номер или кодът за достъп не е верен."


@override_settings(SERVICES_APPLY_RATE="1000/m")
class TrackingTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = RegisterFactory(index="ОА-04", uri_index=4, name="Заявления", purpose="online")
        cls.outgoing = RegisterFactory(index="ОА-02", uri_index=2, name="Изходящи", outgoing=True)
        cls.manager = UserFactory(username="manager", manager=True)
        cls.clerk = UserFactory(username="clerk", clerk=True)
        index = ServiceIndexPageFactory(slug="uslugi")
        cls.page = online_service(
            index, cls.register, title="Заверка с апостил", slug="apostil", section=SectionFactory()
        )

    def setUp(self):
        self.applicant = self.client_class()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.applicant.post(
                "/uslugi/apostil/apply/", {**valid_post(self.page), FILE_FIELD: pdf_upload("diploma.pdf")}
            )
        done = self.applicant.get(response["Location"])
        self.code = re.search(r'id="access-code">([A-Z0-9-]+)<', done.content.decode()).group(1)
        self.application = ServiceApplication.objects.get()
        self.number = self.application.incoming_number
        mail.outbox.clear()

    def track(self, client=None, number=None, code=None, **extra):
        client = client or self.client
        return client.post("/track/", {"number": number or self.number, "code": code or self.code}, **extra)

    def act(self, action, *args, **kwargs):
        with self.captureOnCommitCallbacks(execute=True):
            return action(*args, **kwargs)

    def applicant_mail(self):
        """E-mails to the applicant (the registry also writes to clerks)."""
        return [m for m in mail.outbox if m.to == ["ivan@example.org"]]

    @property
    def document(self):
        return Document.objects.get(pk=self.application.document_id)


class OpeningTests(TrackingTestCase):
    def test_number_and_code_open_the_application(self):
        response = self.track()
        status_url = f"/track/{self.application.public_id}/"
        self.assertRedirects(response, status_url)
        page = self.client.get(status_url)
        self.assertContains(page, self.number)
        self.assertContains(page, "Заверка с апостил")
        self.assertContains(page, "Получено")
        self.assertContains(page, "Регистрирано")
        self.assertContains(page, f"{self.application.expected_on:%d.%m.%Y}")
        self.assertContains(page, "diploma.pdf")
        self.assertIn("no-store", page["Cache-Control"])

    def test_typing_variants(self):
        latin = self.number.replace("ОА", "oa").replace("/", " / ")
        self.assertEqual(self.track(number=latin, code=self.code.lower().replace("-", " ")).status_code, 302)
        without_date = self.number.split("/")[0]
        self.assertEqual(self.track(client=self.client_class(), number=without_date).status_code, 302)

    def test_wrong_code_and_wrong_number_look_the_same(self):
        with self.assertLogs("portal.security", "WARNING") as logs:
            wrong_code = self.track(code="AAAA-BBBB-CCCC")
            wrong_number = self.track(number="ОА-04-999/01.01.2026")
        for response in (wrong_code, wrong_number):
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, GENERIC)

        def body(r):
            return (
                re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())
                .replace("AAAA-BBBB-CCCC", "")
                .replace("ОА-04-999/01.01.2026", "")
                .replace(self.number, "")
            )

        self.assertEqual(body(wrong_code), body(wrong_number))
        self.assertNotIn("AAAA-BBBB-CCCC", wrong_code.content.decode())  # the code is never echoed
        self.assertEqual(len([line for line in logs.output if "tracking.failed" in line]), 2)
        self.assertNotIn(self.code, "".join(logs.output))

    def test_one_hash_check_whether_or_not_the_number_exists(self):
        for number in (self.number, "ОА-04-999/01.01.2026"):
            with (
                self.subTest(number=number),
                mock.patch.object(access, "check_password", wraps=access.check_password) as checked,
            ):
                self.track(number=number, code="AAAA-BBBB-CCCC")
                self.assertEqual(checked.call_count, 1)

    def test_same_hash_checks_for_a_number_without_its_date_however_many_match(self):
        from services.views.tracking import MAX_CANDIDATES

        short = self.number.split("/")[0]

        def checks(number, code="AAAA-BBBB-CCCC"):
            with mock.patch.object(access, "check_password", wraps=access.check_password) as checked:
                response = self.track(client=self.client_class(), number=number, code=code)
            return checked.call_count, response

        unknown, _ = checks("ОА-04-999")
        one, _ = checks(short)
        # The same number in earlier years: several applications match the number without its date.
        for year in (2024, 2025):
            with freeze_time(f"{year}-03-04 10:00:00"), self.captureOnCommitCallbacks(execute=True):
                self.client_class().post(
                    "/uslugi/apostil/apply/", {**valid_post(self.page), FILE_FIELD: pdf_upload()}
                )
        matching = ServiceApplication.objects.filter(number_short_key=access.number_key(short))
        self.assertEqual(matching.count(), 3)
        several, failed = checks(short)
        right, opened = checks(short, self.code)
        self.assertEqual((unknown, one, several, right), (MAX_CANDIDATES,) * 4)
        self.assertContains(failed, GENERIC)
        self.assertRedirects(opened, f"/track/{self.application.public_id}/")

    def test_status_page_needs_number_and_code(self):
        stranger = self.client_class()
        response = stranger.get(f"/track/{self.application.public_id}/")
        self.assertRedirects(response, "/track/")
        self.assertEqual(stranger.get(f"/track/{self.application.public_id}/receipt.pdf").status_code, 404)

    @override_settings(SERVICES_TRACK_RATE_IP="3/h", SERVICES_TRACK_RATE_NUMBER="100/h")
    @freeze_time(tick=False)  # one rate-limit window, however slow the machine
    def test_attempts_limited_per_ip(self):
        for _ in range(3):
            self.track(code="AAAA-BBBB-CCCC")
        with self.assertLogs("portal.security", "WARNING") as logs:
            response = self.track()  # even the right code: the limit is reached
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Твърде много опити", status_code=429)
        self.assertIn("tracking.rate_limited", logs.output[0])
        self.assertEqual(self.track(client=self.client_class(), REMOTE_ADDR="10.1.1.1").status_code, 302)

    @override_settings(SERVICES_TRACK_RATE_IP="100/h", SERVICES_TRACK_RATE_NUMBER="3/h")
    @freeze_time(tick=False)
    def test_attempts_limited_per_number(self):
        for n in range(3):
            self.track(client=self.client_class(), code="AAAA-BBBB-CCCC", REMOTE_ADDR=f"10.0.0.{n}")
        response = self.track(client=self.client_class(), REMOTE_ADDR="10.0.0.99")
        self.assertEqual(response.status_code, 429)
        # The same number typed differently counts against the same limit.
        latin = self.number.replace("ОА", "OA").lower()
        self.assertEqual(
            self.track(client=self.client_class(), number=latin, REMOTE_ADDR="10.0.0.98").status_code, 429
        )


class TimelineTests(TrackingTestCase):
    def test_every_status_change_is_shown_and_emailed(self):
        self.track()
        doc = self.document
        self.act(actions.assign, self.manager, doc, assignee=self.clerk)
        self.act(actions.start, self.clerk, self.document)
        kinds = list(self.application.events.values_list("kind", flat=True))
        self.assertEqual(kinds, ["received", "registered", "assigned", "in_progress"])
        sent = self.applicant_mail()
        self.assertEqual(len(sent), 2)
        self.assertIn("Възложено на служител", sent[0].body)
        self.assertIn("В процес на работа", sent[1].body)
        page = self.client.get(f"/track/{self.application.public_id}/")
        self.assertContains(page, "В процес на работа")

    def test_request_for_information_and_the_missing_documents(self):
        self.track()
        self.act(actions.assign, self.manager, self.document, assignee=self.clerk)
        mail.outbox.clear()
        self.act(actions.request_information, self.clerk, self.document, note="Моля, приложете пълномощно.")
        self.assertEqual(len(self.applicant_mail()), 1)
        self.assertIn("Моля, приложете пълномощно.", self.applicant_mail()[0].body)
        page = self.client.get(f"/track/{self.application.public_id}/")
        self.assertContains(page, "Нуждаем се от допълнителна информация")
        self.assertContains(page, "Моля, приложете пълномощно.")
        self.assertContains(page, 'name="files"')

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/track/{self.application.public_id}/documents/",
                {"files": [pdf_upload("power-of-attorney.pdf")], "note": "Прилагам пълномощното."},
            )
        self.assertRedirects(response, f"/track/{self.application.public_id}/")
        original = self.document
        self.assertEqual(original.status, Document.Status.IN_PROGRESS)
        supplement = Document.objects.exclude(pk=original.pk).get()
        self.assertEqual(supplement.channel, Document.Channel.PORTAL)
        self.assertEqual(supplement.register, self.register)
        self.assertIn(original.formatted_number, supplement.subject)
        self.assertEqual(list(supplement.related.all()), [original])
        self.assertEqual(supplement.attachments.get().original_name, "power-of-attorney.pdf")
        self.assertEqual(supplement.parties.get().correspondent, original.parties.get().correspondent)
        kinds = list(self.application.events.values_list("kind", flat=True))
        self.assertEqual(kinds[-3:], ["info_requested", "info_provided", "in_progress"])

    def test_missing_documents_are_checked_too(self):
        self.track()
        self.act(actions.request_information, self.manager, self.document, note="Липсва документ.")
        response = self.client.post(
            f"/track/{self.application.public_id}/documents/", {"files": [upload("x.pdf", EXE)]}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "x.pdf")
        self.assertEqual(Document.objects.count(), 1)
        self.assertEqual(self.document.status, Document.Status.INFO_REQUESTED)

    def test_no_upload_unless_information_was_requested(self):
        self.track()
        response = self.client.post(
            f"/track/{self.application.public_id}/documents/", {"files": [pdf_upload()]}
        )
        self.assertRedirects(response, f"/track/{self.application.public_id}/")
        self.assertEqual(Document.objects.count(), 1)

    def test_answer_is_downloadable_on_the_tracking_page(self):
        self.track()
        self.act(actions.assign, self.manager, self.document, assignee=self.clerk)
        mail.outbox.clear()
        answer = self.act(
            actions.answer,
            self.clerk,
            self.document,
            register=self.outgoing,
            channel=Document.Channel.EMAIL,
            files=[pdf_upload("apostille.pdf")],
            note="Апостилът е поставен.",
        )
        self.assertEqual(len(self.applicant_mail()), 1)
        self.assertIn("Отговорът е готов", self.applicant_mail()[0].body)
        event = self.application.events.get(kind="answered")
        self.assertEqual(event.related_document, answer)
        page = self.client.get(f"/track/{self.application.public_id}/").content.decode()
        self.assertIn(answer.formatted_number, page)
        file = answer.attachments.get()
        url = f"/track/{self.application.public_id}/files/{file.pk}/"
        self.assertIn(url, page)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF"))
        letter = answer.generated_files.get(kind="letter")
        self.assertIn(f"/track/{self.application.public_id}/letters/{letter.pk}/", page)
        self.assertEqual(
            self.client.get(f"/track/{self.application.public_id}/letters/{letter.pk}/").status_code, 200
        )
        # Someone with another application cannot fetch it.
        self.assertEqual(self.client_class().get(url).status_code, 404)

    def test_files_of_other_documents_are_not_served(self):
        self.track()
        other = self.act(
            actions.register_incoming,
            self.manager,
            register=self.register,
            subject="Друго",
            kind="letter",
            channel="desk",
            correspondents=[{"kind": "person", "name": "Друг"}],
            files=[pdf_upload("secret.pdf")],
        )
        url = f"/track/{self.application.public_id}/files/{other.attachments.get().pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_withdrawal(self):
        self.track()
        url = f"/track/{self.application.public_id}/withdraw/"
        self.assertContains(self.client.get(url), "Оттегляне на заявлението")
        refused = self.client.post(url, {})
        self.assertContains(refused, "Сложете отметка")
        self.assertEqual(self.document.status, Document.Status.REGISTERED)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"confirm": "on", "reason": "Вече не ми трябва."})
        self.assertRedirects(response, f"/track/{self.application.public_id}/")
        self.assertEqual(self.document.status, Document.Status.WITHDRAWN)
        self.assertEqual(self.application.events.last().kind, ApplicationEvent.Kind.WITHDRAWN)
        self.assertEqual(len(self.applicant_mail()), 1)
        page = self.client.get(f"/track/{self.application.public_id}/")
        self.assertNotContains(page, url)
        again = self.client.post(url, {"confirm": "on"})
        self.assertRedirects(again, f"/track/{self.application.public_id}/")

    def test_events_of_other_documents_are_ignored(self):
        other = self.act(
            actions.register_incoming,
            self.manager,
            register=self.register,
            subject="Друго",
            kind="letter",
            channel="desk",
            correspondents=[{"kind": "person", "name": "Друг"}],
        )
        self.act(actions.assign, self.manager, other, assignee=self.clerk)
        self.assertEqual(self.application.events.count(), 2)
        self.assertEqual(self.applicant_mail(), [])
