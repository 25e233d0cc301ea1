import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

PUBLISH_SCHEDULED_EVERY_SECONDS = 60.0


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site content")

    def ready(self):
        # Celery reads CELERY_BEAT_SCHEDULE lazily, after Django is set up, so adding the entry here is
        # enough for `celery beat` (see home.tasks for the embedded default).
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "home-publish-scheduled",
            {"task": "home.publish_scheduled", "schedule": PUBLISH_SCHEDULED_EVERY_SECONDS},
        )
        # The embedded default has no beat: the development server publishes scheduled pages itself.
        from home import scheduler

        scheduler.maybe_start(sys.argv, os.environ, settings, PUBLISH_SCHEDULED_EVERY_SECONDS)
