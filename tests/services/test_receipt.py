"""The receipt "Потвърждение за получаване" (read back with pdftotext) and /verify/<token>/."""

import hashlib
import re
import subprocess
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

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
            f"до {application.expected_on:%d.%m.%Y}",
            f"https://portal.ruse.example/verify/{application.verification_token}/",
            "https://portal.ruse.example/track/",
        ]
        for expected in checks:
            self.assertIn(expected, squashed.replace("- ", "-"), expected)
        self.assertNotIn(code, squashed)  # only the hint, never the code
        self.assertIn(f"{application.submitted_at.astimezone():%H:%M}", squashed)
        self.assertEqual(application.receipt_sha256, hashlib.sha256(data).hexdigest())

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
