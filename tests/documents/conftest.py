import pytest

from tests.documents.factories import DepartmentFactory, RegisterFactory, UserFactory


@pytest.fixture(autouse=True)
def fresh_cache():
    """Reminder and notification tasks remember what they sent in the cache (Redis in CI)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def incoming(db):
    return RegisterFactory(index="ОА-01", uri_index=1, name="Входящи документи")


@pytest.fixture
def outgoing(db):
    return RegisterFactory(index="ОА-02", uri_index=2, name="Изходящи документи", outgoing=True)


@pytest.fixture
def registrar(db):
    return UserFactory(username="registrar", registrar=True)


@pytest.fixture
def foreign_registrar(db):
    """A registrar of another register (ОА-05) only: the ОА-01 documents are none of theirs."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Registrars ОА-05")
    group.permissions.add(
        Permission.objects.get(codename="register_document", content_type__app_label="documents")
    )
    RegisterFactory(index="ОА-05", uri_index=5, name="Жалби и сигнали", group_names=[]).groups.add(group)
    user = UserFactory(username="registrar5", first_name="Росица", last_name="Другорегистрова")
    user.groups.add(group)
    return user


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", clerk=True)


@pytest.fixture
def other_clerk(db):
    return UserFactory(username="clerk2", clerk=True)


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", manager=True)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor")


@pytest.fixture
def department(db, clerk):
    dep = DepartmentFactory(name="Дирекция АКРРДС")
    dep.members.add(clerk)
    return dep
