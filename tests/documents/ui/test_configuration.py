"""Registers and departments configured through the Wagtail admin (Settings → Registry registers /
Registry departments): who may, what is checked, what is locked once a register has documents, the audit
log."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from documents.models import Department, Register
from tests.documents.factories import UserFactory, role_group
from tests.documents.ui.conftest import admin_access, register_incoming, written

ADD_REGISTER = reverse("registry_registers:add")
ADD_DEPARTMENT = reverse("registry_departments:add")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def register_data(**overrides):
    data = {
        "index": "ОА-09",
        "uri_index": "9",
        "name": "Жалби и сигнали",
        "direction": "incoming",
        "purpose": "general",
        "number_format": "{index}-{number}/{date:%d.%m.%Y}",
        "groups": [str(role_group("Registrars").pk)],
        "requires_egn": "on",
        "max_attachment_bytes": "5242880",
        "allowed_extensions": "pdf, .JPG",
        "default_deadline_days": "14",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_url(register):
    return reverse("registry_registers:edit", args=[register.pk])


def test_a_superuser_creates_a_register_through_the_admin_form(client, superuser):
    client.force_login(superuser)
    assert client.get(ADD_REGISTER).status_code == 200
    response = client.post(ADD_REGISTER, register_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    register = Register.objects.get(index="ОА-09")
    assert register.name == "Жалби и сигнали" and register.direction == "incoming"
    assert register.requires_egn and register.default_deadline_days == 14
    assert register.max_attachment_bytes == 5242880 and register.allowed_extensions == ["jpg", "pdf"]
    assert list(register.groups.values_list("name", flat=True)) == ["Registrars"]
    # Wagtail's audit log has who created it.
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(register.pk))
    assert entry.user == superuser
    # The new register works at once: a registrar registers in it, with its number format.
    doc = register_incoming(register)
    assert doc.formatted_number.startswith("ОА-09-1/")


def test_a_superuser_creates_a_department_with_members(client, superuser, clerk, other_clerk):
    client.force_login(superuser)
    assert client.get(ADD_DEPARTMENT).status_code == 200
    response = client.post(
        ADD_DEPARTMENT,
        {"name": "Дирекция АПОФУС", "code": "АПОФУС", "members": [clerk.pk, other_clerk.pk]},
    )
    assert response.status_code == 302
    department = Department.objects.get(name="Дирекция АПОФУС")
    assert set(department.members.all()) == {clerk, other_clerk}
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(department.pk)).exists()
    # Editing the members: one leaves.
    response = client.post(
        reverse("registry_departments:edit", args=[department.pk]),
        {"name": "Дирекция АПОФУС", "code": "АПОФУС", "members": [clerk.pk]},
    )
    assert response.status_code == 302 and list(department.members.all()) == [clerk]
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(department.pk)).exists()


@pytest.mark.parametrize("role", ["registrar", "clerk", "manager", "editor"])
def test_registry_roles_without_the_model_permissions_get_403(client, users, incoming, role):
    client.force_login(users[role])
    before = (Register.objects.count(), Department.objects.count())
    for url in (
        reverse("registry_registers:index"),
        ADD_REGISTER,
        edit_url(incoming),
        reverse("registry_departments:index"),
        ADD_DEPARTMENT,
    ):
        assert client.get(url).status_code == 403, (role, url)
    assert client.post(ADD_REGISTER, register_data()).status_code == 403
    assert client.post(ADD_DEPARTMENT, {"name": "Нова"}).status_code == 403
    assert client.post(edit_url(incoming), register_data(index="ХХ-01")).status_code == 403
    assert (Register.objects.count(), Department.objects.count()) == before
    assert not Register.objects.filter(index="ХХ-01").exists()


def test_the_model_permissions_are_enough(client, db):
    user = admin_access(UserFactory(username="configurer"))
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="documents", codename__in=["add_register", "change_register"]
        )
    )
    client.force_login(user)
    assert client.get(reverse("registry_registers:index")).status_code == 200
    assert client.post(ADD_REGISTER, register_data()).status_code == 302
    assert client.get(ADD_DEPARTMENT).status_code == 403  # departments: not given


def test_a_register_setting_is_under_settings_for_a_superuser_only(client, superuser, clerk):
    client.force_login(superuser)
    assert reverse("registry_registers:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(clerk)
    assert (
        reverse("registry_registers:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"number_format": "{index}/{date:%d.%m.%Y}"},
            "number_format",
            "The number format must contain {number}.",
        ),
        (
            {"number_format": "{index.__class__}-{number}"},
            "number_format",
            "The number format may only use {index}, {number}, {date} and {year}, not: index.__class__",
        ),
        ({"number_format": "{index:d}-{number}"}, "number_format", "The number format is not valid:"),
        ({"number_format": "{number"}, "number_format", "The number format is not valid:"),
        ({"index": "ОА-01"}, "index", "Register with this Index already exists."),
        ({"uri_index": "1"}, "uri_index", "already exists."),
        ({"allowed_extensions": "pdf, exe"}, "allowed_extensions", "Unknown file types: exe."),
        ({"name": ""}, "name", "This field is required."),
        ({"direction": "sideways"}, "direction", "Select a valid choice."),
    ],
)
def test_invalid_register_input_gives_a_message_and_writes_nothing(
    client, superuser, incoming, overrides, field, message
):
    client.force_login(superuser)
    count = Register.objects.count()
    response = client.post(ADD_REGISTER, register_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'"), html[:300]
    assert field in response.context["form"].errors
    assert Register.objects.count() == count
    assert not ModelLogEntry.objects.filter(action="wagtail.create").exists()


def test_a_duplicate_department_name_gives_a_message(client, superuser, department):
    client.force_login(superuser)
    response = client.post(ADD_DEPARTMENT, {"name": department.name, "code": "X"})
    assert response.status_code == 200
    assert "Department with this Name already exists." in response.content.decode()
    assert Department.objects.count() == 1


def test_a_register_with_documents_keeps_its_numbering(client, superuser, incoming):
    doc = register_incoming(incoming)
    client.force_login(superuser)
    current = register_data(
        index=incoming.index,
        uri_index=str(incoming.uri_index),
        name=incoming.name,
        number_format=incoming.number_format,
        requires_egn=None,
        groups=[str(g.pk) for g in incoming.groups.all()],
    )
    for field, value in (
        ("index", "ОА-99"),
        ("uri_index", "99"),
        ("number_format", "{number}/{year}"),
        ("direction", "outgoing"),
    ):
        before = written()
        response = client.post(edit_url(incoming), current | {field: value})
        assert response.status_code == 200, field
        assert "The register already has documents" in response.content.decode()
        assert field in response.context["form"].errors
        assert written() == before
    incoming.refresh_from_db()
    assert (incoming.index, incoming.uri_index, incoming.direction) == ("ОА-01", 1, "incoming")
    # Everything else may still change (name, limits, deadline, who may use it).
    response = client.post(
        edit_url(incoming), current | {"name": "Входящи (нов)", "default_deadline_days": "7"}
    )
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.name == "Входящи (нов)" and incoming.default_deadline_days == 7
    assert register_incoming(incoming).number == doc.number + 1


def test_a_register_without_documents_may_change_its_index(client, superuser, incoming):
    client.force_login(superuser)
    data = register_data(index="ОА-11", uri_index=str(incoming.uri_index), requires_egn=None)
    assert client.post(edit_url(incoming), data).status_code == 302
    incoming.refresh_from_db()
    assert incoming.index == "ОА-11"


def test_a_register_with_documents_cannot_be_deleted(client, superuser, incoming):
    register_incoming(incoming)
    client.force_login(superuser)
    response = client.post(reverse("registry_registers:delete", args=[incoming.pk]), follow=True)
    assert Register.objects.filter(pk=incoming.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_a_register_whose_documents_hold_egn_keeps_needing_it(client, superuser, db):
    from tests.documents.factories import RegisterFactory

    register = RegisterFactory(index="ОА-04", uri_index=4, with_egn=True)
    register_incoming(register, correspondents=[{"name": "Иван Петров", "egn": "7501020018"}])
    client.force_login(superuser)
    data = register_data(
        index="ОА-04",
        uri_index="4",
        name=register.name,
        requires_egn=None,
        groups=[str(g.pk) for g in register.groups.all()],
    )
    response = client.post(edit_url(register), data)
    assert response.status_code == 200
    assert "Documents of this register hold personal numbers" in response.content.decode()
    register.refresh_from_db()
    assert register.requires_egn
