"""Demo data for the registry: role groups, departments, registers and a few documents. Idempotent.

``load(users)`` is called by ``manage.py load_demo`` with the demo users, a dict name -> User. Users under
the keys ``registrar``, ``clerk``, ``clerk2``, ``manager`` (when present) join the matching group; any
other key is left alone (e.g. ``editor`` gets nothing here).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from documents import actions
from documents.actors import PORTAL
from documents.models import Department, Document, Register

GROUPS = {
    "Registrars": ["register_document"],
    "Clerks": ["process_document"],
    "Managers": ["manage_registry", "register_document", "process_document"],
}
ROLE_OF_USER = {"registrar": "Registrars", "clerk": "Clerks", "clerk2": "Clerks", "manager": "Managers"}
REGISTERS = [
    # index, uri_index, name, direction, purpose, groups, requires_egn, default deadline (working days)
    ("ОА-01", 1, "Входяща кореспонденция", "incoming", "general", ["Registrars"], False, 14),
    ("ОА-02", 2, "Изходяща кореспонденция", "outgoing", "general", ["Registrars", "Clerks"], False, None),
    ("ОА-03", 3, "Вътрешни документи", "internal", "general", ["Registrars", "Clerks"], False, None),
    ("ОА-04", 4, "Заявления за административни услуги", "incoming", "online", ["Registrars"], True, 14),
]
DEPARTMENTS = [
    ("Дирекция „Административно-правно обслужване, финанси и управление на собствеността“", "АПОФУС"),
    ("Дирекция „Административен контрол, регионално развитие и държавна собственост“", "АКРРДС"),
]


def _groups() -> dict[str, Group]:
    result = {}
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="documents", codename__in=codenames)
        )
        # Wagtail admin access, so the "Деловодство" menu is reachable.
        access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        group.permissions.add(*access)
        result[name] = group
    return result


@transaction.atomic
def load(users: dict | None = None) -> None:
    users = users or {}
    groups = _groups()
    for key, role in ROLE_OF_USER.items():
        if key in users:
            users[key].groups.add(groups[role])
    departments = []
    for name, code in DEPARTMENTS:
        dep, _ = Department.objects.get_or_create(name=name, defaults={"code": code})
        departments.append(dep)
    for key in ("clerk", "clerk2"):
        if key in users:
            departments[1].members.add(users[key])
    registers = {}
    for index, uri_index, name, direction, purpose, group_names, egn, days in REGISTERS:
        reg, _ = Register.objects.get_or_create(
            index=index,
            defaults={
                "uri_index": uri_index,
                "name": name,
                "direction": direction,
                "purpose": purpose,
                "requires_egn": egn,
                "default_deadline_days": days,
            },
        )
        reg.groups.add(*(groups[g] for g in group_names))
        registers[index] = reg
    if Document.objects.exists():
        return  # documents once only: numbers are never reused, so a second run must not add more
    _documents(registers, departments, users)


def _documents(registers, departments, users) -> None:
    actor = users.get("registrar") or PORTAL
    samples = [
        (
            "Искане за издаване на удостоверение за наследници",
            "application",
            "desk",
            {"kind": "person", "name": "Иван Петров Иванов", "city": "Русе", "address": "ул. „Борисова“ 12"},
        ),
        (
            "Сигнал за нерегламентирано сметище край с. Николово",
            "signal",
            "email",
            {"kind": "person", "name": "Мария Георгиева", "city": "Николово", "email": "maria@example.bg"},
        ),
        (
            "Предложение за включване на обект в капиталовата програма",
            "proposal",
            "seos",
            {"kind": "administration", "name": "Община Русе", "city": "Русе", "eik": "000530632"},
        ),
        (
            "Жалба срещу отказ за достъп до обществена информация",
            "complaint",
            "post",
            {"kind": "organisation", "name": "Сдружение „Граждани за Русе“", "city": "Русе"},
        ),
    ]
    docs = [
        actions.register_incoming(
            actor,
            register=registers["ОА-01"],
            subject=subject,
            kind=kind,
            channel=channel,
            correspondents=[corr],
        )
        for subject, kind, channel, corr in samples
    ]
    manager, clerk = users.get("manager"), users.get("clerk")
    if manager and clerk:
        actions.assign(manager, docs[0], assignee=clerk, department=departments[1])
        actions.resolve(manager, docs[0], text="За проверка и изготвяне на отговор.", assignees=[clerk])
        actions.assign(manager, docs[1], department=departments[1])
        actions.assign(manager, docs[2], assignee=clerk)
        actions.answer(
            clerk,
            docs[2],
            register=registers["ОА-02"],
            channel="seos",
            subject="Отговор относно включване на обект в капиталовата програма",
        )
