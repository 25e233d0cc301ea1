"""Fixtures for the clerk screens: the roles with Wagtail admin access, and a small registry.

``tests/documents/conftest.py`` gives the users and registers; here every registry role (and the editor)
also gets ``wagtailadmin.access_admin``, as the demo groups do, so the admin lets them in.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from documents import actions
from documents.actors import PORTAL
from documents.models import Attachment, Correspondent, Document, GeneratedFile, JournalEntry, Resolution
from tests.documents.factories import UserFactory

SENDER = [{"name": "Иван Петров", "city": "Русе"}]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def admin_access(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture(autouse=True)
def english(settings):
    # Messages are asserted by their English msgids; test_i18n.py checks the Bulgarian catalogue.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def no_auto_receipts(settings):
    # Receipts are rendered on demand by the PDF view in these tests (on_commit does not run in a test
    # transaction anyway); the PDF tests ask for them explicitly.
    settings.REGISTRY_AUTO_RECEIPT = False


@pytest.fixture
def registrar(db):
    return admin_access(
        UserFactory(username="registrar", registrar=True, first_name="Радка", last_name="Деловодител")
    )


@pytest.fixture
def foreign_registrar(foreign_registrar):
    return admin_access(foreign_registrar)


@pytest.fixture
def clerk(db):
    return admin_access(UserFactory(username="clerk", clerk=True, first_name="Калина", last_name="Служител"))


@pytest.fixture
def other_clerk(db):
    return admin_access(UserFactory(username="clerk2", clerk=True, first_name="Петя", last_name="Друга"))


@pytest.fixture
def manager(db):
    return admin_access(
        UserFactory(username="manager", manager=True, first_name="Мария", last_name="Ръководител")
    )


@pytest.fixture
def editor(db):
    return admin_access(UserFactory(username="editor", first_name="Ели", last_name="Редактор"))


@pytest.fixture
def users(registrar, foreign_registrar, clerk, other_clerk, manager, editor):
    return {
        "registrar": registrar,
        "foreign_registrar": foreign_registrar,
        "clerk": clerk,
        "other_clerk": other_clerk,
        "manager": manager,
        "editor": editor,
        "anonymous": None,
    }


def register_incoming(register, subject="Искане за удостоверение", **kwargs):
    kwargs.setdefault("kind", "application")
    kwargs.setdefault("channel", "desk")
    kwargs.setdefault("correspondents", SENDER)
    return actions.register_incoming(PORTAL, register=register, subject=subject, **kwargs)


@pytest.fixture
def assigned_doc(incoming, manager, clerk):
    """An incoming document with a PDF attachment, assigned to ``clerk``."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = register_incoming(incoming, files=[SimpleUploadedFile("молба.pdf", PDF)])
    actions.assign(manager, doc, assignee=clerk)
    return doc


def written():
    """Everything a registry action may write: unchanged counts prove nothing was written."""
    return {
        "documents": Document.objects.count(),
        "journal": JournalEntry.objects.count(),
        "attachments": Attachment.objects.count(),
        "correspondents": Correspondent.objects.count(),
        "resolutions": Resolution.objects.count(),
        "generated": GeneratedFile.objects.count(),
    }
