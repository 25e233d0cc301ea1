"""Scheduled publishing in the embedded default: a thread of the development server.

In production Celery beat runs ``home.publish_scheduled`` every minute (see :mod:`home.tasks`). The
embedded default (``make run``: no Redis, tasks run in-process) has no beat, so nothing would publish a
page whose "go live" time has come. Instead ``runserver`` starts one daemon thread here that runs the same
task on the same interval; it lives and dies with the server, so there is no extra process to start.

It starts only when all of these hold: the command is ``runserver``; it is the process that serves (the
autoreloader's child, or ``--noreload``); tasks run in-process (``CELERY_TASK_ALWAYS_EAGER``: with a
broker, beat is the scheduler and two schedulers would only duplicate work); and
``PUBLISH_SCHEDULED_IN_RUNSERVER`` is on (default on; the environment variable of that name turns it off).
"""

import logging
import threading

from django.apps import apps
from django.db import connections

from home.tasks import publish_scheduled

logger = logging.getLogger(__name__)

THREAD_NAME = "publish-scheduled"


def publish_due_pages():
    """Publish every page whose "go live" time has passed and unpublish expired ones (idempotent)."""
    publish_scheduled()  # the Celery task's function, called directly: the same code beat runs


def _publish_and_release():
    try:
        publish_due_pages()
    except Exception:  # a failing run (a locked SQLite file, say) must not end the loop
        logger.exception("Scheduled publishing failed; trying again at the next interval")
    finally:
        # This thread's database connections are its own: close them so SQLite is not kept locked.
        connections.close_all()


def should_start(argv, environ, *, tasks_in_process, enabled):
    if not (enabled and tasks_in_process):
        return False
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    # With the autoreloader the parent process only watches files; the child (RUN_MAIN=true) serves.
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def run(stop, interval, publish=_publish_and_release):
    """Publish now (pages that fell due while the server was down), then every ``interval`` seconds until
    ``stop`` is set. The thread starts inside ``AppConfig.ready()``: it touches the database only once every
    app is ready (Django warns about queries during app initialisation)."""
    while not apps.ready:
        if stop.wait(0.1):
            return
    while True:
        publish()
        if stop.wait(interval):
            return


def start(interval, publish=_publish_and_release):
    """Start the loop in a daemon thread; returns ``(thread, stop_event)``."""
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(stop, interval, publish), name=THREAD_NAME, daemon=True)
    thread.start()
    return thread, stop


def maybe_start(argv, environ, settings, interval, publish=_publish_and_release):
    """Called from ``HomeConfig.ready()``: start the loop when the conditions above hold, else None."""
    if not should_start(
        argv,
        environ,
        tasks_in_process=settings.CELERY_TASK_ALWAYS_EAGER,
        enabled=getattr(settings, "PUBLISH_SCHEDULED_IN_RUNSERVER", True),
    ):
        return None
    logger.info("Scheduled publishing: every %s s in this server process (no Celery beat)", interval)
    return start(interval, publish)
