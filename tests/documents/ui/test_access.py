"""The role matrix through HTTP: every screen and every download, for every role.

registrar (of ОА-01), clerk (the document is assigned to them), other clerk (not theirs), manager, editor
(Wagtail access, no registry role), anonymous, and a registrar of another register (ОА-05 only). Not
logged in: the admin login. No registry role: 403. A document or file the user may not see: 404, so ids
reveal nothing.
"""

import pytest
from django.urls import reverse

from documents.models import GeneratedFile
from tests.documents.ui.conftest import PDF

LOGIN = "/admin/login/"
ROLES = ["registrar", "clerk", "other_clerk", "manager", "editor", "anonymous", "foreign_registrar"]

# screen -> expected status per role (in ROLES order)
SCREENS = {
    "index": [200, 200, 200, 200, 403, 302, 200],
    "my_tasks": [200, 200, 200, 200, 403, 302, 200],
    "documents": [200, 200, 200, 200, 403, 302, 200],
    "register_documents": [200, 200, 200, 200, 403, 302, 200],
    "register_incoming": [200, 403, 403, 200, 403, 302, 200],
    "register_outgoing": [200, 200, 200, 200, 403, 302, 200],
    "document": [200, 200, 404, 200, 403, 302, 404],
    "answer": [403, 200, 404, 200, 403, 302, 404],
    "journal": [200, 403, 403, 200, 403, 302, 200],
    "statistics": [403, 403, 403, 200, 403, 302, 403],
    "statistics_csv": [403, 403, 403, 200, 403, 302, 403],
}
DOWNLOADS = {
    "attachment": [200, 200, 404, 200, 404, 302, 404],
    "receipt": [200, 200, 404, 200, 403, 302, 404],
    "stored_receipt": [200, 200, 404, 200, 404, 302, 404],
}


def screen_url(name, doc, outgoing):
    if name == "register_documents":
        return reverse("documents_admin:register_documents", args=[doc.register_id])
    if name in ("document", "answer"):
        return reverse(f"documents_admin:{name}", args=[doc.pk])
    if name == "statistics_csv":
        return reverse("documents_admin:statistics_csv") + "?date_from=2026-01-01&date_to=2026-12-31"
    return reverse(f"documents_admin:{name}")


def login(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])


@pytest.mark.parametrize("role", ROLES)
def test_every_screen_for_every_role(client, users, assigned_doc, outgoing, role):
    login(client, users, role)
    for name, expected in SCREENS.items():
        response = client.get(screen_url(name, assigned_doc, outgoing))
        want = expected[ROLES.index(role)]
        assert response.status_code == want, (name, role, response.status_code)
        if want == 302:
            assert response["Location"].startswith(LOGIN)
        if want == 403:
            assert b'role="alert"' in response.content  # says why, on the page


@pytest.mark.parametrize("role", ROLES)
def test_every_download_for_every_role(client, users, assigned_doc, role):
    login(client, users, role)
    att = assigned_doc.attachments.get()
    urls = {
        "attachment": reverse("documents_admin:attachment", args=[att.pk]),
        "receipt": reverse("documents_admin:document_pdf", args=[assigned_doc.pk, "receipt"]),
    }
    for name in ("attachment", "receipt"):
        response = client.get(urls[name])
        want = DOWNLOADS[name][ROLES.index(role)]
        assert response.status_code == want, (name, role, response.status_code)
        if want == 200:
            body = b"".join(response.streaming_content)
            assert body.startswith(b"%PDF")
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response["Cache-Control"]
            if name == "attachment":
                assert body == PDF
    # The receipt exists now (rendered on demand above, or by an earlier role): its stored-file URL too.
    stored = GeneratedFile.objects.filter(document=assigned_doc).first()
    if stored is not None:
        response = client.get(reverse("documents_admin:generated_file", args=[stored.pk]))
        assert response.status_code == DOWNLOADS["stored_receipt"][ROLES.index(role)]


def test_another_clerks_document_is_not_in_their_lists(client, other_clerk, clerk, assigned_doc):
    client.force_login(other_clerk)
    for name in ("documents", "my_tasks"):
        assert (
            assigned_doc.formatted_number
            not in client.get(reverse(f"documents_admin:{name}")).content.decode()
        )
    client.force_login(clerk)
    for name in ("documents", "my_tasks"):
        assert (
            assigned_doc.formatted_number in client.get(reverse(f"documents_admin:{name}")).content.decode()
        )


def test_another_clerk_cannot_act_on_the_document(client, other_clerk, assigned_doc):
    from tests.documents.ui.conftest import written

    client.force_login(other_clerk)
    before = written()
    response = client.post(
        reverse("documents_admin:document_action", args=[assigned_doc.pk, "close"]), {"close-note": "x"}
    )
    assert response.status_code == 404
    assert written() == before


#: 200 with the form again, its register field saying why (ОА-01 is not among the user's registers), no file.
REFUSED_IN_FORM = "refused in the form"
MORE_DOWNLOADS = {
    # the letter of the clerk's answer (outgoing register ОА-02: registrars and clerks work in it)
    "letter": [200, 200, 404, 200, 403, 302, 404],
    # a stored register journal of ОА-01: its registrars and managers only
    "journal_pdf": [200, 404, 404, 200, 404, 302, 404],
    "journal_csv": [200, 403, 403, 200, 403, 302, REFUSED_IN_FORM],
}


@pytest.mark.parametrize("role", ROLES)
def test_letter_and_journal_downloads_for_every_role(client, users, assigned_doc, outgoing, clerk, role):
    from django.utils import timezone

    from documents import actions, tasks

    answer = actions.answer(clerk, assigned_doc, register=outgoing, channel="post", subject="Отговор")
    today = timezone.localdate().isoformat()
    journal = tasks.render_register_journal(assigned_doc.register_id, today, today)
    login(client, users, role)
    urls = {
        "letter": reverse("documents_admin:document_pdf", args=[answer.pk, "letter"]),
        "journal_pdf": reverse("documents_admin:generated_file", args=[journal]),
        "journal_csv": reverse("documents_admin:journal")
        + f"?register={assigned_doc.register_id}&date_from={today}&date_to={today}&format=csv",
    }
    for name, url in urls.items():
        response = client.get(url)
        want = MORE_DOWNLOADS[name][ROLES.index(role)]
        if want == REFUSED_IN_FORM:
            assert response.status_code == 200 and "Content-Disposition" not in response, (name, role)
            assert 'id="id_register-error"' in response.content.decode()
            assert assigned_doc.formatted_number not in response.content.decode()
            continue
        assert response.status_code == want, (name, role, response.status_code)
        if want == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            data = b"".join(response.streaming_content) if response.streaming else response.content
            assert (
                data.startswith(b"%PDF")
                if name != "journal_csv"
                else assigned_doc.formatted_number in data.decode()
            )


def test_another_registers_documents_are_not_in_a_registrars_lists(
    client, foreign_registrar, registrar, assigned_doc
):
    lists = [
        reverse("documents_admin:documents"),
        reverse("documents_admin:register_documents", args=[assigned_doc.register_id]),
        reverse("documents_admin:documents") + "?q=удостоверение",  # words of its subject
    ]
    client.force_login(foreign_registrar)
    for list_url in lists:
        response = client.get(list_url)
        assert response.status_code == 200
        assert assigned_doc.formatted_number not in response.content.decode(), list_url
    client.force_login(registrar)  # the same lists show it to the register's own registrar
    for list_url in lists:
        assert assigned_doc.formatted_number in client.get(list_url).content.decode(), list_url


def test_a_registrar_of_another_register_cannot_act_on_the_document(client, foreign_registrar, assigned_doc):
    from tests.documents.ui.conftest import written

    client.force_login(foreign_registrar)
    before = written()
    for action, data in (
        ("cancel", {"cancel-reason": "Грешка"}),
        ("withdraw", {"withdraw-reason": ""}),
        ("set_deadline", {"set_deadline-deadline": "2099-01-01"}),
        ("link", {"link-number": assigned_doc.formatted_number}),
    ):
        response = client.post(
            reverse("documents_admin:document_action", args=[assigned_doc.pk, action]), data
        )
        assert response.status_code == 404, action
    assert written() == before
