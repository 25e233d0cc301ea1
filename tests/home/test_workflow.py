"""Editors' workflow through the Wagtail admin: an editor submits news, the moderator approves; scheduled
publishing by the Celery task that beat runs every minute."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from home.models import NewsIndexPage, NewsPage

from .factories import NewsPageFactory


@override_settings(DEBUG=True)
class NewsModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", skip_apps=True, stdout=io.StringIO())
        users = get_user_model().objects
        cls.editor, cls.moderator = users.get(username="editor"), users.get(username="moderator")
        cls.news_index = NewsIndexPage.objects.get(locale__language_code="bg")

    def submit_news_as_editor(self, action):
        self.client.force_login(self.editor)
        add_url = reverse("wagtailadmin_pages:add", args=("home", "newspage", self.news_index.pk))
        form = querydict_from_html(self.client.get(add_url).content.decode(), form_id="page-edit-form")
        form["title"] = "Нов график на приемния ден"
        form["slug"] = "nov-grafik"
        form["lead"] = "Приемният ден се мести в четвъртък."
        form["date"] = "2026-11-30"
        form[action] = "1"
        # The StreamField editor is built by JavaScript; post what it would send for an empty body.
        form.update(nested_form_data({"body": streamfield([])}))
        response = self.client.post(add_url, form)
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        return NewsPage.objects.get(slug="nov-grafik")

    def test_editor_submits_and_the_moderator_approves(self):
        page = self.submit_news_as_editor("action-submit")
        self.assertFalse(page.live)
        state = page.current_workflow_state
        self.assertEqual(state.workflow.name, "Одобрение на новини")
        task_state = state.current_task_state
        self.assertEqual(task_state.task.name, "Одобрение от началник на отдел")
        self.assertEqual(self.client.get(page.url or "/novini/nov-grafik/").status_code, 404)

        self.client.force_login(self.moderator)
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
        response = self.client.post(url, {"comment": "Одобрявам."})
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.client.logout()
        self.assertContains(self.client.get("/novini/nov-grafik/"), "Нов график на приемния ден")

    def test_editor_cannot_publish_directly(self):
        page = self.submit_news_as_editor("action-publish")
        self.assertFalse(page.live)
        self.assertFalse(page.permissions_for_user(self.editor).can_publish())

    def test_moderator_rejects_and_the_news_stays_unpublished(self):
        page = self.submit_news_as_editor("action-submit")
        task_state = page.current_workflow_state.current_task_state
        self.client.force_login(self.moderator)
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
        self.client.post(url, {"comment": "Моля, добавете часа."})
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_state.status, "needs_changes")


class ScheduledPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from .factories import build_site

        cls.tree = build_site()

    def test_beat_runs_the_publish_task_every_minute(self):
        from portal.celery import app

        entry = app.conf.beat_schedule["home-publish-scheduled"]
        self.assertEqual(entry["task"], "home.publish_scheduled")
        self.assertEqual(entry["schedule"], 60.0)
        app.loader.import_default_modules()
        self.assertIn("home.publish_scheduled", app.tasks)

    def test_task_publishes_a_page_when_its_time_comes(self):
        from home.tasks import publish_scheduled

        go_live = timezone.now() + datetime.timedelta(hours=1)
        page = NewsPageFactory(parent=self.tree.news_index, title="Насрочена новина", publish=False)
        page.go_live_at = go_live
        page.save_revision().publish()  # with go_live_at in the future this only schedules it
        page.refresh_from_db()
        self.assertFalse(page.live)

        publish_scheduled.apply()  # too early: nothing happens
        page.refresh_from_db()
        self.assertFalse(page.live)

        with freeze_time(go_live + datetime.timedelta(minutes=1)):
            publish_scheduled.apply()
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertContains(self.client.get(page.url), "Насрочена новина")
