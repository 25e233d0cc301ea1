import json

from django.core.management.base import BaseCommand
from django.core.validators import validate_email

from portal import personal_data
from portal.security import log_event


class Command(BaseCommand):
    help = "Print as JSON everything the portal holds about one e-mail address (a data subject's request)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        validate_email(email)
        data = personal_data.export(email)
        log_event("personal_data.exported", sources=sorted(data), records=sum(len(v) for v in data.values()))
        payload = {"email": email, "data": data}
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
