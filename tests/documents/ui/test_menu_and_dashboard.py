"""The "Деловодство" menu and the dashboard panel: shown to registry users only."""

import datetime
import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from wagtail.admin.menu import admin_menu

from tests.documents.factories import DocumentFactory
from tests.documents.ui.conftest import register_incoming


def menu_names(user) -> set[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    names = set()
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "registry":
            names = {sub.name for sub in item.menu.menu_items_for_request(request)}
            names.add("registry")
    return names


@pytest.mark.parametrize(
    "role, expected",
    [
        ("registrar", {"registry-my-tasks", "registry-register-incoming", "registry-journal"}),
        ("clerk", {"registry-my-tasks", "registry-register-outgoing"}),
        ("manager", {"registry-register-incoming", "registry-journal", "registry-statistics"}),
    ],
)
def test_registry_users_get_the_menu_with_their_items(request, incoming, role, expected):
    names = menu_names(request.getfixturevalue(role))
    assert "registry" in names and expected <= names
    assert f"registry-register-{incoming.pk}" in names  # a link per register
    if role == "clerk":
        assert not {"registry-register-incoming", "registry-journal", "registry-statistics"} & names
    if role == "registrar":
        assert "registry-statistics" not in names


def test_editors_do_not_see_the_menu(editor, incoming):
    assert menu_names(editor) == set()


def test_the_menu_is_in_the_admin_page_in_bulgarian(client, clerk, editor, settings):
    settings.LANGUAGE_CODE = "bg"
    client.force_login(clerk)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = json.loads(re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert "Деловодство" in json.dumps(props, ensure_ascii=False)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Деловодство" not in html


def test_the_dashboard_panel_counts(client, manager, clerk, other_clerk, editor, incoming):
    today = timezone.localdate()
    DocumentFactory(register=incoming, status="assigned", assignee=clerk)
    DocumentFactory(register=incoming)
    DocumentFactory(
        register=incoming, status="in_progress", assignee=clerk, deadline=today - datetime.timedelta(days=2)
    )
    DocumentFactory(register=incoming, registered_at=timezone.now() - datetime.timedelta(days=3))

    def panel(user):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        if 'id="registry-summary-section"' not in html:
            return None
        section = html[html.index('id="registry-summary-section"') :]
        return [int(n) for n in re.findall(r"<strong>(\d+)</strong>", section)[:3]]

    assert panel(manager) == [3, 0, 1]  # received today (of 4), assigned to the manager, overdue
    assert panel(clerk) == [2, 2, 1]  # sees the two assigned to them, one overdue
    assert panel(other_clerk) == [0, 0, 0]
    assert panel(editor) is None


def test_pages_speak_bulgarian(client, registrar, incoming, settings):
    settings.LANGUAGE_CODE = "bg"
    doc = register_incoming(incoming)
    client.force_login(registrar)
    with override("bg"):
        html = client.get(reverse("documents_admin:document", args=[doc.pk])).content.decode()
        assert "Регистрационен номер" in html and "Какво можете да направите" in html
        form = client.get(reverse("documents_admin:register_incoming")).content.decode()
        assert "Регистриране на входящ документ" in form and "Подател" in form
        lst = client.get(reverse("documents_admin:documents") + "?date_from=x").content.decode()
        assert "Моля, поправете следното:" in lst
