from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from portal.backup import create_backup, prune_backups


@shared_task(name="portal.nightly_backup", acks_late=True)
def nightly_backup() -> str:
    """Back up database and media, prune by the retention rule, forget old task failures."""
    from portal.models import TaskFailure

    info = create_backup()
    prune_backups()
    TaskFailure.objects.filter(failed_at__lt=timezone.now() - timedelta(days=90)).delete()
    return info.name


@shared_task(name="portal.ping")
def ping(marker: str = "") -> str:
    """A no-op used by tests and operators to see a worker take work from the queue."""
    return marker


@shared_task(name="portal.anonymise_personal_data")
def anonymise_personal_data() -> dict:
    from portal import personal_data

    return personal_data.anonymise(dry_run=False)


@shared_task(name="portal.verify_journal")
def verify_journal() -> bool:
    """Verify the registry journal's chain and store the result (idempotent: each run adds one result)."""
    from portal.journal_checks import verify_and_record

    return verify_and_record().ok
