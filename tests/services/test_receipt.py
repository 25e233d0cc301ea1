"""The receipt "Потвърждение за получаване" (read back with pdftotext) and /verify/<token>/."""

import hashlib
import re
import subprocess
import tempfile
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import TestCase, override_settings
from freezegun import freeze_time

from services.models import ServiceApplication
from services.tasks import ensure_receipt, render_receipt
from tests.documents.factories import RegisterFactory

from .factories import SectionFactory, ServiceIndexPageFactory, online_service, pdf_upload, valid_post

FILE_FIELD = "q-dokument_za_zaverka"


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        return subprocess.run(
            ["pdftotext", "-layout", fh.name, "-"], check=True, capture_output=True, text=True
        ).stdout


@override_settings(SERVICES_APPLY_RATE="1000/m", BASE_URL="https://portal.ruse.example")
class ReceiptTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = RegisterFactory(index="ОА-04", uri_index=4, name="Заявления", purpose="online")
        index = ServiceIndexPageFactory(slug="uslugi")
        cls.page = online_service(
            index,
            cls.register,
            title="Заверка с апостил",
            slug="apostil",
            section=SectionFactory(),
            iisda_number=2153,
        )

    def apply(self, **overrides):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/uslugi/apostil/apply/",
                {**valid_post(self.page, **overrides), FILE_FIELD: pdf_upload("diploma.pdf")},
            )
        done = self.client.get(response["Location"])
        code = re.search(r'id="access-code">([A-Z0-9-]+)<', done.content.decode()).group(1)
        return ServiceApplication.objects.latest("pk"), code

    def test_receipt_carries_what_the_rio_message_carries(self):
        application, code = self.apply(
            applicant_kind="company", company_name="Русе Транс ООД", eik="000696327"
        )
        application.refresh_from_db()
        data = application.receipt_pdf.open("rb").read()
        text = pdf_text(data)
        squashed = " ".join(text.split())
        document = application.document
        checks = [
            "Потвърждение за получаване",
            "Областна администрация Русе",  # provider
            "Уеб приложение: порталът за електронни услуги (0006-000001)",  # transport
            document.formatted_number,
            f"регистров индекс 4 · пореден номер {document.number} · дата {document.registered_on:%d.%m.%Y}",
            "автоматично, от портала за електронни услуги",  # registered by
            application.access_code_hint,
            "Русе Транс ООД",
            "000696327",
            "Иван Петров Иванов",
            "Заверка с апостил",
            "2153",
            "Заявление",  # document type
            "diploma.pdf",
            document.attachments.get().sha256,
            f"до {application.expected_on:%d.%m.%Y} (в работни дни от деня на получаване)",
            f"https://portal.ruse.example/verify/{application.verification_token}/",
            "https://portal.ruse.example/track/",
        ]
        for expected in checks:
            self.assertIn(expected, squashed.replace("- ", "-"), expected)
        self.assertNotIn(code, squashed)  # only the hint, never the code
        self.assertIn(f"{application.submitted_at.astimezone():%H:%M}", squashed)
        self.assertEqual(application.receipt_sha256, hashlib.sha256(data).hexdigest())

    def test_expected_completion_worded_by_the_terms_unit(self):
        from services.choices import DurationUnit

        cases = [
            (DurationUnit.CALENDAR_DAYS, 14, "(в календарни дни от деня на получаване)"),
            (DurationUnit.HOURS, 4, "(в часове от момента на получаване)"),
        ]
        for unit, duration, wording in cases:
            with self.subTest(unit=unit):
                self.page.terms.filter(kind="regular").update(unit=unit, duration=duration)
                application, _code = self.apply()
                application.refresh_from_db()
                self.assertEqual(application.term_unit, unit)
                text = " ".join(pdf_text(application.receipt_pdf.open("rb").read()).split())
                self.assertIn(f"до {application.expected_on:%d.%m.%Y} {wording}", text)
                self.assertNotIn("работни дни", text)

    def test_rendering_is_idempotent(self):
        application, _code = self.apply()
        first = ServiceApplication.objects.get(pk=application.pk)
        sha = render_receipt(application.pk)
        again = ensure_receipt(application.pk)
        self.assertEqual(sha, first.receipt_sha256)
        self.assertEqual(again.receipt_pdf.name, first.receipt_pdf.name)

    def test_receipt_download_only_for_the_applicant(self):
        application, _code = self.apply()
        url = f"/track/{application.public_id}/receipt.pdf"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF"))
        stranger = self.client_class()
        self.assertEqual(stranger.get(url).status_code, 404)

    def test_receipt_in_english_for_an_english_applicant(self):
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code="en")
        application, _code = self.apply()
        ServiceApplication.objects.filter(pk=application.pk).update(
            language="en", receipt_pdf="", receipt_sha256=""
        )
        application = ensure_receipt(application.pk)
        text = " ".join(pdf_text(application.receipt_pdf.open("rb").read()).split())
        self.assertIn("Acknowledgement of receipt", text)
        self.assertIn("/en/verify/", text)


@override_settings(SERVICES_APPLY_RATE="1000/m")
class VerifyTests(ReceiptTests.__base__):
    @classmethod
    def setUpTestData(cls):
        ReceiptTests.setUpTestData.__func__(cls)

    apply = ReceiptTests.apply

    def test_genuine_receipt(self):
        application, _code = self.apply()
        application.refresh_from_db()
        anyone = self.client_class()
        response = anyone.get(f"/verify/{application.verification_token}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Това потвърждение е истинско")
        self.assertContains(response, application.incoming_number)
        self.assertContains(response, "Заверка с апостил")
        self.assertContains(response, application.receipt_sha256)
        # No personal data for the bank or notary who checks.
        for personal in ("Иван Петров Иванов", "ivan@example.org", "0888 123 456", "Борисова", "diploma.pdf"):
            self.assertNotContains(response, personal)

    def test_forged_token(self):
        application, _code = self.apply()
        forged = application.verification_token[:-2] + (
            "AA" if not application.verification_token.endswith("AA") else "BB"
        )
        with self.assertLogs("portal.security", "WARNING") as logs:
            response = self.client_class().get(f"/verify/{forged}/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "не може да бъде потвърдено", status_code=404)
        self.assertContains(response, "Порталът не е издавал потвърждение", status_code=404)
        self.assertNotContains(response, application.incoming_number, status_code=404)
        self.assertIn("verify.unknown", logs.output[0])

    def test_compare_the_file(self):
        application, _code = self.apply()
        application.refresh_from_db()
        original = application.receipt_pdf.open("rb").read()
        url = f"/verify/{application.verification_token}/"
        anyone = self.client_class()
        same = anyone.post(url, {"pdf": SimpleUploadedFile("r.pdf", original)})
        self.assertContains(same, "Файлът е идентичен")
        changed = anyone.post(
            url, {"pdf": SimpleUploadedFile("r.pdf", original.replace(b"%PDF-1.", b"%PDF-2.", 1))}
        )
        self.assertContains(changed, "НЕ е идентичен")

    @override_settings(SERVICES_VERIFY_MAX_BYTES=1000)
    def test_a_file_larger_than_any_receipt_is_refused_before_it_is_read(self):
        application, _code = self.apply()
        url = f"/verify/{application.verification_token}/"
        huge = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 2000))
        with (
            mock.patch.object(
                MultiPartParser, "parse", autospec=True, side_effect=MultiPartParser.parse
            ) as parse,
            self.assertLogs("portal.security", "WARNING") as logs,
        ):
            response = self.client_class().post(url, {"pdf": huge})
        self.assertEqual(response.status_code, 413)
        self.assertFalse(parse.called, "the body was parsed before the refusal")
        self.assertContains(response, "Файлът е по-голям от всяко потвърждение", status_code=413)
        self.assertContains(response, "1000", status_code=413)
        self.assertNotContains(response, "идентичен", status_code=413)
        self.assertEqual(logs.records[0].security["event"], "upload.rejected")
        self.assertEqual(logs.records[0].security["reason"], "request_too_large")

    @override_settings(SERVICES_VERIFY_MAX_BYTES=1000)
    def test_a_file_over_the_limit_within_the_form_allowance_is_refused_too(self):
        application, _code = self.apply()
        url = f"/verify/{application.verification_token}/"
        with self.assertLogs("portal.security", "WARNING") as logs:
            response = self.client_class().post(url, {"pdf": SimpleUploadedFile("r.pdf", b"0" * 1001)})
        self.assertContains(response, "Файлът е по-голям от всяко потвърждение")
        self.assertNotContains(response, "идентичен")
        self.assertEqual(logs.records[0].security["reason"], "too_large")
        self.assertEqual(logs.records[0].security["size"], 1001)

    def test_the_english_message(self):
        application, _code = self.apply()
        with override_settings(SERVICES_VERIFY_MAX_BYTES=10):
            response = self.client_class().post(
                f"/en/verify/{application.verification_token}/",
                {"pdf": SimpleUploadedFile("r.pdf", b"0" * 11)},
            )
        self.assertContains(response, "The file is larger than any receipt we issue")

    @override_settings(SERVICES_VERIFY_COMPARE_RATE="2/h", SERVICES_TRACK_RATE_IP="1000/h")
    @freeze_time("2026-11-30 10:00:00", tick=False)  # one rate-limit window, however slow the machine
    def test_comparing_files_is_rate_limited(self):
        application, _code = self.apply()
        url = f"/verify/{application.verification_token}/"
        anyone = self.client_class()
        for _ in range(2):
            self.assertContains(
                anyone.post(url, {"pdf": SimpleUploadedFile("r.pdf", b"%PDF-1.4")}), "НЕ е идентичен"
            )
        with self.assertLogs("portal.security", "WARNING") as logs:
            response = anyone.post(url, {"pdf": SimpleUploadedFile("r.pdf", b"%PDF-1.4")})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Твърде много проверки", status_code=429)
        self.assertNotContains(response, "идентичен", status_code=429)
        self.assertIn("verify.rate_limited", logs.output[0])
        # Looking at the page (a GET) is still under the page's own, larger limit.
        self.assertContains(anyone.get(url), "Това потвърждение е истинско")
        other_ip = self.client_class().post(
            url, {"pdf": SimpleUploadedFile("r.pdf", b"%PDF-1.4")}, REMOTE_ADDR="10.0.0.9"
        )
        self.assertEqual(other_ip.status_code, 200)
