"""Scheduled publishing in the embedded default: ``runserver`` runs ``publish_scheduled`` from a thread
(home.scheduler), since there is no Celery beat without Redis."""

import datetime
import logging
import threading

import pytest
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import Revision

from home import scheduler
from home.models import NewsPage

from .factories import NewsPageFactory, build_site

WAIT = 60  # seconds: an upper bound for a background thread to do its work, never a measured duration


def schedule_news(tree, title):
    """A news page whose "go live" time has just passed (scheduled an hour ahead, then moved back)."""
    page = NewsPageFactory(parent=tree.news_index, title=title, publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()  # with go_live_at in the future this only schedules it
    page.refresh_from_db()
    assert not page.live
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.page_revisions.filter(object_id=str(page.pk)).latest("created_at")
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    NewsPage.objects.filter(pk=page.pk).update(go_live_at=past)
    return page


class DevSchedulerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def test_the_loop_publishes_a_page_whose_time_has_passed(self):
        page = schedule_news(self.tree, "Насрочена новина")
        stop = threading.Event()

        def publish_once():
            scheduler.publish_due_pages()
            stop.set()

        scheduler.run(stop, interval=0, publish=publish_once)
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertContains(self.client.get(page.url), "Насрочена новина")

    def test_a_page_scheduled_for_later_stays_unpublished(self):
        page = NewsPageFactory(parent=self.tree.news_index, title="По-късно", publish=False)
        page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        page.save_revision().publish()
        scheduler.publish_due_pages()
        page.refresh_from_db()
        self.assertFalse(page.live)


def test_only_the_serving_runserver_process_of_the_embedded_default_starts_it():
    start = {"tasks_in_process": True, "enabled": True}
    child = {"RUN_MAIN": "true"}
    assert scheduler.should_start(["manage.py", "runserver", "127.0.0.1:8000"], child, **start)
    assert scheduler.should_start(["manage.py", "runserver", "--noreload"], {}, **start)
    # The autoreloader's parent only watches files; its child serves (and schedules).
    assert not scheduler.should_start(["manage.py", "runserver"], {}, **start)
    # Other commands (migrate, load_demo, a Celery worker, gunicorn) never start it.
    assert not scheduler.should_start(["manage.py", "migrate"], child, **start)
    assert not scheduler.should_start(["gunicorn", "portal.wsgi"], child, **start)
    # With a broker, beat schedules; and the setting turns it off.
    assert not scheduler.should_start(["manage.py", "runserver"], child, tasks_in_process=False, enabled=True)
    assert not scheduler.should_start(["manage.py", "runserver"], child, tasks_in_process=True, enabled=False)


def test_maybe_start_runs_a_daemon_thread_until_stopped(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PUBLISH_SCHEDULED_IN_RUNSERVER = True
    calls = threading.Event()
    started = scheduler.maybe_start(["manage.py", "runserver"], {"RUN_MAIN": "true"}, settings, 0.01,
                                    publish=calls.set)
    assert started is not None
    thread, stop = started
    try:
        assert thread.daemon and thread.name == scheduler.THREAD_NAME
        assert calls.wait(WAIT), "the thread publishes"
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()
    assert scheduler.maybe_start(["manage.py", "test"], {"RUN_MAIN": "true"}, settings, 0.01) is None


def test_a_failing_run_is_logged_and_the_loop_goes_on(monkeypatch, caplog):
    done = threading.Event()
    outcomes = iter([RuntimeError("database is locked"), None])

    def publish_due_pages():
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome
        done.set()

    monkeypatch.setattr(scheduler, "publish_due_pages", publish_due_pages)
    with caplog.at_level(logging.ERROR, logger="home.scheduler"):
        thread, stop = scheduler.start(0)
        try:
            assert done.wait(WAIT), "a second run after the failing one"
        finally:
            stop.set()
            thread.join(WAIT)
    assert "Scheduled publishing failed" in caplog.text


@pytest.mark.django_db(transaction=True)
@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_the_runserver_thread_publishes_with_its_own_database_connection(wagtail_base_data):
    tree = build_site()
    page = schedule_news(tree, "Публикувана от нишката")
    thread, stop = scheduler.start(0.05)
    try:
        published = threading.Event()
        for _ in range(int(WAIT / 0.05)):
            if NewsPage.objects.filter(pk=page.pk, live=True).exists():
                published.set()
                break
            stop.wait(0.05)
        assert published.is_set(), "the scheduler thread published the page"
    finally:
        stop.set()
        thread.join(WAIT)
