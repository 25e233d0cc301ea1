from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Correspondence registry")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        # The daily e-mail to each assignee about due-soon and overdue documents (07:30, Europe/Sofia).
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "documents-deadline-reminders",
            {"task": "documents.tasks.send_deadline_reminders", "schedule": crontab(hour=7, minute=30)},
        )
        # The daily log line with the audit journal's tip, an anchor outside the database (anchors.py;
        # importing the module registers its task with Celery).
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "documents-journal-anchor",
            {"task": "documents.log_journal_anchor", "schedule": crontab(hour=0, minute=5)},
        )
        import documents.anchors  # noqa: F401
        from documents import privacy
        from portal import personal_data

        personal_data.register_exporter("documents.correspondents", privacy.export_correspondents)
