"""The registry's e-mails and CSV exports go through gettext: Bulgarian by default (exactly as before), an
e-mail in its recipient's chosen admin language, the statistics CSV in the manager's language, the register
journal CSV always in Bulgarian (an official record, like its PDF)."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.users.models import UserProfile

from documents import actions, tasks
from documents.actors import PORTAL
from documents.models import Document
from tests.documents.factories import DocumentFactory, UserFactory
from tests.documents.ui.conftest import admin_access

DAY = datetime.date(2026, 4, 9)


def english(user):
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    return user


def reminders_for(user, incoming):
    DocumentFactory(
        register=incoming, assignee=user, status="in_progress", deadline=DAY - datetime.timedelta(1)
    )


@freeze_time("2026-04-09 07:30:00+03:00")
def test_reminder_subject_and_body_in_bulgarian_by_default(incoming, mailoutbox):
    reminders_for(UserFactory(username="ana", clerk=True), incoming)
    assert tasks.send_deadline_reminders() == 1
    [mail] = mailoutbox
    assert mail.subject == "Срокове в деловодството към 09.04.2026"
    assert "Документи с изтекъл срок" in mail.body


@freeze_time("2026-04-09 07:30:00+03:00")
def test_reminder_in_the_recipients_language(incoming, mailoutbox):
    reminders_for(english(UserFactory(username="ana", clerk=True)), incoming)
    reminders_for(UserFactory(username="boris", clerk=True), incoming)
    assert tasks.send_deadline_reminders() == 2
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects == {
        "ana@ruse.example": "Registry deadlines as of 09.04.2026",
        "boris@ruse.example": "Срокове в деловодството към 09.04.2026",
    }
    body = next(m.body for m in mailoutbox if m.to == ["ana@ruse.example"])
    assert "Overdue documents" in body


def test_assignment_e_mail_in_the_recipients_language(incoming, manager, mailoutbox, settings):
    settings.REGISTRY_AUTO_RECEIPT = False
    bulgarian, anglophone = (
        UserFactory(username="bg", clerk=True),
        english(UserFactory(username="en", clerk=True)),
    )
    subjects = []
    for user in (bulgarian, anglophone):
        doc = actions.register_incoming(
            PORTAL,
            register=incoming,
            subject="Искане",
            kind="application",
            channel="desk",
            correspondents=[{"name": "Иван Петров"}],
        )
        actions.assign(manager, doc, assignee=user)
        tasks.notify_assignee(doc.pk)  # on_commit does not run inside the test's transaction
        subjects.append((mailoutbox[-1].subject, doc.formatted_number))
    assert subjects[0][0] == f"Възложен документ {subjects[0][1]}"
    assert subjects[1][0] == f"Document {subjects[1][1]} assigned to you"


def test_statistics_csv_in_the_managers_language_and_the_journal_csv_in_bulgarian(client, incoming, db):
    DocumentFactory(register=incoming, cancelled=True)
    DocumentFactory(register=incoming)
    manager = admin_access(UserFactory(username="boss", manager=True))
    client.force_login(manager)
    today = timezone.localdate().isoformat()
    query = f"?date_from={today}&date_to={today}"

    def rows(url):
        response = client.get(url)
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    stats_url = reverse("documents_admin:statistics_csv") + query
    journal_url = reverse("documents_admin:journal") + query + f"&register={incoming.pk}&format=csv"
    assert rows(stats_url)[0] == [
        "Регистър",
        "Месец",
        "Получени",
        "Приключени",
        "Просрочени",
        "Медиана (работни дни)",
    ]
    bulgarian_journal = rows(journal_url)
    assert bulgarian_journal[0][:3] == ["Рег. №", "Дата и час", "Вид"]
    cancelled = Document.objects.get(is_cancelled=True).formatted_number
    assert [r[10] for r in bulgarian_journal if r[0] == cancelled] == ["да"]

    english(manager)
    assert rows(stats_url)[0] == [
        "Register",
        "Month",
        "Received",
        "Closed",
        "Overdue",
        "Median (working days)",
    ]
    assert rows(journal_url) == bulgarian_journal
