"""Create a development СЕОС signing key and a self-signed certificate for it.

Production uses the organisation certificate the administration obtains from a qualified trust service
provider; its serial number is what the participants registry records as ``CertificateSN``.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from documents.exchange import devkeys


class Command(BaseCommand):
    help = (
        "Create a development СЕОС signing key and self-signed certificate (SEOS_KEY_FILE, SEOS_CERT_FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--key", default=settings.SEOS_KEY_FILE, help="where to write the private key (PEM)"
        )
        parser.add_argument(
            "--cert", default=settings.SEOS_CERT_FILE, help="where to write the certificate (PEM)"
        )
        parser.add_argument("--name", default=settings.SEOS_NAME, help="organisation name in the certificate")
        parser.add_argument("--eik", default=settings.SEOS_EIK, help="ЕИК/БУЛСТАТ in the certificate")
        parser.add_argument("--days", type=int, default=730, help="validity in days")
        parser.add_argument("--bits", type=int, default=3072, choices=[2048, 3072, 4096])
        parser.add_argument("--force", action="store_true", help="replace an existing key and certificate")

    def handle(self, *args, key, cert, name, eik, days, bits, force, **options):
        key_path, cert_path = Path(key), Path(cert)
        existing = [str(p) for p in (key_path, cert_path) if p.exists()]
        if existing and not force:
            raise CommandError(
                _("%(files)s already exist(s); use --force to replace the СЕОС key and certificate.")
                % {"files": ", ".join(existing)}
            )
        identity = devkeys.generate(name, eik, days=days, bits=bits)
        key_path.parent.mkdir(parents=True, exist_ok=True)
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        # The key is readable by its owner only, from the moment it exists.
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(devkeys.key_pem(identity))
        os.chmod(key_path, 0o600)
        cert_path.write_bytes(devkeys.cert_pem(identity))
        self.stdout.write(_("Key: %(key)s") % {"key": key_path})
        self.stdout.write(_("Certificate: %(cert)s") % {"cert": cert_path})
        self.stdout.write(
            _("Certificate serial (CertificateSN for the participants registry): %(serial)s")
            % {"serial": identity.serial_hex}
        )
