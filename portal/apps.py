from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import checks, security, tasks_context  # noqa: F401  (signal receivers, system checks)

        security.connect_axes_signals()
        tasks_context.connect()

        from celery.schedules import crontab
        from django.conf import settings

        from portal.schedule import register

        nightly = crontab(hour=settings.BACKUP_HOUR, minute=15)
        register("portal-nightly-backup", "portal.nightly_backup", nightly)
        anonymise = crontab(hour=3, minute=45)
        register("portal-anonymise-personal-data", "portal.anonymise_personal_data", anonymise)
        # Before the backup, so that a chain broken today is reported before it is copied into the backups.
        register("portal-verify-journal", "portal.verify_journal", crontab(hour=1, minute=30))
