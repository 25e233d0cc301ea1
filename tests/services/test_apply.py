"""Applying online: the form built from fixed and editor fields, every rule, the one transaction."""

import re
from unittest import mock

from django.core import mail
from django.test import TestCase, override_settings
from freezegun import freeze_time

from documents.models import Attachment, Document, NumberCounter
from documents.storage import private_storage
from services.models import ApplicationEvent, ServiceApplication
from services.session import NEW_CODE_SECONDS, NEW_CODES_KEY, remember_new_code
from tests.documents.factories import RegisterFactory

from .factories import (
    EXE,
    PNG_1PX,
    SectionFactory,
    ServiceIndexPageFactory,
    online_service,
    pdf_upload,
    upload,
    valid_post,
)

FILE_FIELD = "q-dokument_za_zaverka"


def detached_signature() -> bytes:
    """A real detached CMS/PKCS#7 signature (.p7s), DER, over a few bytes."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Иван Петров")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(b"diploma")
        .add_signer(cert, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature])
    )


def stored_files():
    storage = private_storage()
    found = []

    def walk(path):
        dirs, files = storage.listdir(path)
        found.extend(f"{path}/{f}" if path else f for f in files)
        for d in dirs:
            walk(f"{path}/{d}" if path else d)

    try:
        walk("")
    except FileNotFoundError:
        pass
    return found


@override_settings(SERVICES_APPLY_RATE="1000/m")
class ApplyTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = RegisterFactory(
            index="ОА-04", uri_index=4, name="Заявления за услуги", purpose="online"
        )
        cls.index = ServiceIndexPageFactory(slug="uslugi")
        cls.page = online_service(
            cls.index, cls.register, title="Заверка с апостил", slug="apostil", section=SectionFactory()
        )
        cls.url = "/uslugi/apostil/apply/"

    def post(self, data=None, files=None, **extra):
        payload = dict(data if data is not None else valid_post(self.page))
        payload.update(files if files is not None else {FILE_FIELD: pdf_upload("diploma.pdf")})
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, payload, **extra)


class FormTests(ApplyTestCase):
    def test_form_shows_fixed_and_editor_fields(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for name in (
            "full_name",
            "email",
            "phone",
            "address",
            "applicant_kind",
            "company_name",
            "eik",
            "term",
            "result_method",
            "attachments",
            "consent",
            "q-darzhava_v_koyato_shte_se_polzva_dokumentat",
            FILE_FIELD,
        ):
            self.assertIn(f'name="{name}"', html)
        self.assertIn('enctype="multipart/form-data"', html)
        self.assertIn("Обикновена – 7 работни дни – 7,67\u00a0€", html)
        self.assertIn('type="file" name="attachments"', html)
        self.assertRegex(html, r'<input type="file" name="attachments"[^>]*multiple')
        self.assertRegex(html, r'<div class="hp-field" aria-hidden="true">')
        self.assertRegex(html, r'name="website"[^>]*tabindex="-1"')

    def test_closed_service_has_no_form(self):
        self.page.online_application_open = False
        self.page.save()
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_unpublished_service_has_no_form(self):
        self.page.unpublish()
        self.assertEqual(self.client.get(self.url).status_code, 404)


class SubmitTests(ApplyTestCase):
    def test_valid_application_registers_one_document(self):
        response = self.post(
            files={
                FILE_FIELD: pdf_upload("diploma.pdf"),
                "attachments": [pdf_upload("power.pdf"), upload("id.png", PNG_1PX)],
            }
        )
        application = ServiceApplication.objects.get()
        self.assertRedirects(
            response, f"/uslugi/apostil/apply/done/{application.public_id}/", fetch_redirect_response=False
        )
        document = application.document
        self.assertEqual(document.register, self.register)
        self.assertEqual(document.channel, Document.Channel.PORTAL)
        self.assertEqual(document.kind, Document.Kind.APPLICATION)
        self.assertEqual(document.status, Document.Status.REGISTERED)
        self.assertEqual(document.registered_by_name, "Портал за електронни услуги")
        self.assertIn("Заверка с апостил", document.subject)
        self.assertRegex(document.formatted_number, r"^ОА-04-1/\d\d\.\d\d\.\d{4}$")
        sender = document.parties.get().correspondent
        self.assertEqual(
            (sender.name, sender.email, sender.phone),
            ("Иван Петров Иванов", "ivan@example.org", "0888 123 456"),
        )
        names = sorted(a.original_name for a in document.attachments.all())
        self.assertEqual(names, ["diploma.pdf", "id.png", "power.pdf"])
        for attachment in document.attachments.all():
            self.assertRegex(attachment.sha256, r"^[0-9a-f]{64}$")
        self.assertEqual(application.service, self.page)
        self.assertEqual(application.incoming_number, document.formatted_number)
        self.assertEqual(application.term_kind, "regular")
        self.assertEqual(str(application.fee_eur), "7.67")
        self.assertEqual(application.result_method, "electronic")
        self.assertEqual(application.expected_on, document.deadline)
        self.assertEqual(
            application.answers,
            [
                {
                    "name": "darzhava_v_koyato_shte_se_polzva_dokumentat",
                    "label": "Държава, в която ще се ползва документът",
                    "value": "Германия",
                }
            ],
        )
        self.assertEqual(list(application.events.values_list("kind", flat=True)), ["received", "registered"])

    def test_access_code_shown_once_and_stored_only_as_hash(self):
        response = self.post()
        application = ServiceApplication.objects.get()
        done = self.client.get(response["Location"])
        self.assertEqual(done.status_code, 200)
        self.assertEqual(done["Cache-Control"], "no-store")
        code = re.search(r'id="access-code">([A-Z0-9-]+)<', done.content.decode()).group(1)
        self.assertContains(done, application.incoming_number)
        self.assertNotIn(code.replace("-", ""), application.access_code_hash)
        self.assertTrue(application.access_code_hash.startswith("md5$"))  # the test hasher: salted
        self.assertEqual(application.access_code_hint[-2:], code[-2:])
        again = self.client.get(response["Location"])
        self.assertNotContains(again, code)
        self.assertContains(again, "не се показва отново")

    def test_the_code_never_enters_the_session_store(self):
        from django.contrib.sessions.models import Session

        with mock.patch("services.views.apply.session.remember_new_code", wraps=remember_new_code) as kept:
            response = self.post()
        code = kept.call_args.args[2]

        def stored_sessions():
            return " ".join(str(s.get_decoded()) + s.session_data for s in Session.objects.all())

        self.assertTrue(Session.objects.exists())
        self.assertNotIn(code, stored_sessions())
        done = self.client.get(response["Location"])
        self.assertContains(done, f'id="access-code">{code}<')
        self.assertNotIn(code, stored_sessions())
        self.assertNotIn(NEW_CODES_KEY, self.client.session)

    def test_an_unopened_confirmation_forgets_the_code(self):
        with freeze_time("2026-11-30 10:00:00") as clock:
            response = self.post()
            clock.tick(NEW_CODE_SECONDS + 1)
            done = self.client.get(response["Location"])
        self.assertEqual(done.status_code, 200)
        self.assertNotContains(done, 'id="access-code"')
        self.assertContains(done, "не се показва отново")
        self.assertContains(done, ServiceApplication.objects.get().incoming_number)

    def test_the_code_is_shown_within_its_time(self):
        with freeze_time("2026-11-30 10:00:00") as clock:
            response = self.post()
            clock.tick(NEW_CODE_SECONDS - 60)
            done = self.client.get(response["Location"])
        self.assertContains(done, 'id="access-code"')

    def test_confirmation_only_for_the_applicants_session(self):
        response = self.post()
        self.client.logout()
        self.client.cookies.clear()
        self.assertEqual(self.client.get(response["Location"]).status_code, 404)

    def test_email_with_receipt_after_commit(self):
        self.post()
        application = ServiceApplication.objects.get()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["ivan@example.org"])
        self.assertIn(application.incoming_number, message.subject)
        self.assertIn("/track/", message.body)
        name, content, mimetype = message.attachments[0]
        self.assertEqual(mimetype, "application/pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        application.refresh_from_db()
        self.assertIsNotNone(application.confirmation_sent_at)
        self.assertRegex(application.receipt_sha256, r"^[0-9a-f]{64}$")

    def test_company_application(self):
        self.post(
            valid_post(self.page, applicant_kind="company", company_name="Русе Транс ООД", eik="000696327")
        )
        application = ServiceApplication.objects.get()
        sender = application.document.parties.get().correspondent
        self.assertEqual(
            (sender.kind, sender.name, sender.eik), ("organisation", "Русе Транс ООД", "000696327")
        )
        self.assertIn("Иван Петров Иванов", application.document.subject)
        self.assertEqual(application.eik, "000696327")


class ValidationTests(ApplyTestCase):
    def assert_rejected(self, response, field_id, message):
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(message, html)
        # The message is tied to its field and listed in the summary with a link to it.
        self.assertIn(f'id="{field_id}_error"', html)
        self.assertRegex(html, rf'aria-describedby="[^"]*{field_id}_error')
        self.assertIn('class="error-summary"', html)
        self.assertIn("<title>Грешка:", html)
        self.assertFalse(Document.objects.exists())
        self.assertFalse(ServiceApplication.objects.exists())

    def test_each_required_field(self):
        for field, field_id in [
            ("full_name", "id_full_name"),
            ("email", "id_email"),
            ("phone", "id_phone"),
            ("address", "id_address"),
            ("term", "id_term"),
            ("result_method", "id_result_method"),
            (
                "q-darzhava_v_koyato_shte_se_polzva_dokumentat",
                "id_q-darzhava_v_koyato_shte_se_polzva_dokumentat",
            ),
        ]:
            with self.subTest(field=field):
                data = valid_post(self.page)
                data.pop(field)
                self.assert_rejected(self.post(data), field_id, "Това поле е задължително")

    def test_consent_is_required(self):
        data = valid_post(self.page)
        data.pop("consent")
        self.assert_rejected(self.post(data), "id_consent", "Без Вашето съгласие")

    def test_invalid_values(self):
        cases = [
            ({"email": "ivan@"}, "id_email", "Въведете валиден имейл адрес"),
            ({"phone": "звънете ми"}, "id_phone", "Въведете телефонен номер само с цифри"),
            ({"full_name": "И"}, "id_full_name", "Въведете трите си имена."),
            ({"term": "express"}, "id_term", "Направете валиден избор"),
            ({"result_method": "post"}, "id_result_method", "Направете валиден избор"),
            (
                {"applicant_kind": "company", "company_name": "", "eik": "000696327"},
                "id_company_name",
                "Въведете наименованието на фирмата",
            ),
            (
                {"applicant_kind": "company", "company_name": "Фирма", "eik": ""},
                "id_eik",
                "Въведете ЕИК на фирмата",
            ),
            (
                {"applicant_kind": "company", "company_name": "Фирма", "eik": "000696328"},
                "id_eik",
                "последната цифра не съответства",
            ),
            (
                {"applicant_kind": "company", "company_name": "Фирма", "eik": "12345"},
                "id_eik",
                "9 или 13 цифри",
            ),
        ]
        for overrides, field_id, message in cases:
            with self.subTest(overrides=overrides):
                self.assert_rejected(self.post(valid_post(self.page, **overrides)), field_id, message)

    def test_entered_values_are_kept_and_files_must_be_chosen_again(self):
        response = self.post(valid_post(self.page, phone="x"))
        html = response.content.decode()
        self.assertIn('value="Иван Петров Иванов"', html)
        self.assertIn('value="Германия"', html)
        self.assertRegex(html, r'value="regular"[^>]*checked')
        self.assertIn("Моля, изберете файловете си отново.", html)

    def test_person_ignores_stray_company_fields(self):
        self.post(valid_post(self.page, company_name="Нещо", eik="1"))
        application = ServiceApplication.objects.get()
        self.assertEqual((application.company_name, application.eik), ("", ""))


class FileRuleTests(ApplyTestCase):
    def assert_file_rejected(self, files, field_id, *messages):
        response = self.post(files=files)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for message in messages:
            self.assertIn(message, html)
        self.assertIn(f'id="{field_id}_error"', html)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(stored_files(), [])
        return html

    def test_required_file_field(self):
        self.assert_file_rejected({}, "id_q-dokument_za_zaverka", "Това поле е задължително")

    def test_type_checked_from_the_bytes(self):
        # An executable named .pdf: the bytes decide (the message names the file and what it really is).
        self.assert_file_rejected(
            {FILE_FIELD: upload("scan.pdf", EXE)},
            "id_q-dokument_za_zaverka",
            "scan.pdf",
            "application/x-dosexec",
        )

    def test_type_not_on_the_allow_list(self):
        self.assert_file_rejected(
            {FILE_FIELD: pdf_upload(), "attachments": [upload("tool.exe", EXE)]}, "id_attachments", "tool.exe"
        )

    def test_every_failing_file_is_named(self):
        html = self.assert_file_rejected(
            {
                FILE_FIELD: pdf_upload(),
                "attachments": [upload("a.exe", EXE), upload("b.pdf", EXE), pdf_upload("ok.pdf")],
            },
            "id_attachments",
            "a.exe",
            "b.pdf",
        )
        self.assertNotIn("ok.pdf", html)

    def test_empty_file(self):
        self.assert_file_rejected(
            {FILE_FIELD: pdf_upload("empty.pdf", b"")}, "id_q-dokument_za_zaverka", "empty.pdf"
        )

    @override_settings(SERVICES_MAX_FILE_BYTES=300)
    def test_size_limit_per_file(self):
        self.assert_file_rejected(
            {FILE_FIELD: pdf_upload("big.pdf", b"%PDF-1.4\n" + b"0" * 400)},
            "id_q-dokument_za_zaverka",
            "big.pdf",
        )

    @override_settings(SERVICES_MAX_FILES=2)
    def test_count_limit(self):
        response = self.post(
            files={FILE_FIELD: pdf_upload(), "attachments": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]}
        )
        self.assertContains(response, "най-много 2 файла; избрали сте 3")
        self.assertFalse(Document.objects.exists())

    @override_settings(SERVICES_MAX_TOTAL_BYTES=500)
    def test_total_size_limit(self):
        response = self.post(files={FILE_FIELD: pdf_upload(), "attachments": [pdf_upload("a.pdf")]})
        self.assertContains(response, "Файловете са общо")
        self.assertFalse(Document.objects.exists())

    def test_pkcs7_signature_accepted(self):
        self.post(
            files={FILE_FIELD: pdf_upload(), "attachments": [upload("signature.p7s", detached_signature())]}
        )
        attachment = Attachment.objects.get(original_name="signature.p7s")
        self.assertEqual(attachment.content_type, "application/pkcs7-signature")


class AbuseTests(ApplyTestCase):
    def test_honeypot(self):
        with self.assertLogs("portal.security", "WARNING") as logs:
            response = self.post(valid_post(self.page, website="http://spam.example"))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Document.objects.exists())
        self.assertIn("application.honeypot", logs.output[0])

    @override_settings(SERVICES_APPLY_RATE="2/h")
    @freeze_time("2026-11-30 10:00:00", tick=False)  # one rate-limit window, however slow the machine
    def test_rate_limit_per_ip(self):
        self.post()
        self.post()
        with self.assertLogs("portal.security", "WARNING") as logs:
            response = self.post()
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "твърде много заявления", status_code=429)
        self.assertEqual(ServiceApplication.objects.count(), 2)
        self.assertIn("application.rate_limited", logs.output[0])
        self.assertEqual(logs.records[0].security["per"], "applications")
        other_ip = self.post(REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other_ip.status_code, 302)


    @override_settings(SERVICES_APPLY_RATE="5/10m")
    @freeze_time("2026-11-30 10:00:00", tick=False)
    def test_forms_sent_back_with_errors_do_not_count_as_applications(self):
        for _ in range(6):
            response = self.post(valid_post(self.page, full_name=""))
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.context["errors"])
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(ServiceApplication.objects.count(), 1)

    @override_settings(SERVICES_APPLY_ATTEMPT_RATE="3/10m")
    @freeze_time("2026-11-30 10:00:00", tick=False)
    def test_every_attempt_counts_against_the_attempt_limit(self):
        for _ in range(3):
            self.post(valid_post(self.page, full_name=""))
        with self.assertLogs("portal.security", "WARNING") as logs:
            response = self.post()  # even a valid application: the limit is reached
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Формулярът е изпратен твърде много пъти", status_code=429)
        self.assertContains(response, 'value="Иван Петров Иванов"', status_code=429)
        self.assertFalse(ServiceApplication.objects.exists())
        self.assertEqual(logs.records[0].security["event"], "application.rate_limited")
        self.assertEqual(logs.records[0].security["per"], "attempts")
        self.assertEqual(self.post(REMOTE_ADDR="10.0.0.9").status_code, 302)


class TransactionTests(ApplyTestCase):
    def test_failure_after_numbering_leaves_nothing(self):
        with mock.patch(
            "services.submission.ServiceApplication.objects.create", side_effect=RuntimeError("boom")
        ):
            response = self.post(
                files={FILE_FIELD: pdf_upload("diploma.pdf"), "attachments": [pdf_upload("b.pdf")]}
            )
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "нищо не е записано", status_code=503)
        self.assertContains(response, 'value="Иван Петров Иванов"', status_code=503)
        self.assertFalse(Document.objects.exists())
        self.assertFalse(Attachment.objects.exists())
        self.assertFalse(ServiceApplication.objects.exists())
        self.assertFalse(NumberCounter.objects.filter(last__gt=0).exists())
        self.assertEqual(stored_files(), [])
        self.assertEqual(len(mail.outbox), 0)
        # The next application gets number 1: no gap.
        self.post()
        self.assertTrue(ServiceApplication.objects.get().incoming_number.startswith("ОА-04-1/"))

    def test_registry_refusal_is_shown_on_the_form(self):
        self.register.allowed_extensions = ["pdf"]
        self.register.save()
        response = self.post(files={FILE_FIELD: pdf_upload(), "attachments": [upload("photo.png", PNG_1PX)]})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "photo.png")
        self.assertFalse(Document.objects.exists())
        self.assertEqual(stored_files(), [])


class EventsAfterCommitTests(ApplyTestCase):
    def test_no_status_email_for_the_registration_itself(self):
        self.post()
        self.assertEqual(len(mail.outbox), 1)  # the confirmation with the receipt only
        self.assertEqual(ApplicationEvent.objects.filter(notified_at=None).count(), 1)  # "received"
