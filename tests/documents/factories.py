"""factory_boy factories for the registry, with traits for the roles and states tests need."""

import datetime

import factory
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from documents.models import Correspondent, Department, Document, DocumentCorrespondent, Register, Resolution

ROLE_PERMS = {
    "Registrars": "register_document",
    "Clerks": "process_document",
    "Managers": "manage_registry",
}


def role_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(codename=ROLE_PERMS[name], content_type__app_label="documents")
    )
    return group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Мария"
    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@ruse.example")
    is_active = True
    # Role flags (``UserFactory(clerk=True)``) become groups with the role's permission.
    roles = factory.LazyAttribute(
        lambda o: [
            name
            for flag, name in ((o.registrar, "Registrars"), (o.clerk, "Clerks"), (o.manager, "Managers"))
            if flag
        ]
    )

    class Params:
        registrar = False
        clerk = False
        manager = False

    @classmethod
    def _create(cls, model_class, *args, roles=(), **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        for name in roles:
            user.groups.add(role_group(name))
        return user


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Дирекция {n}")


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Register
        django_get_or_create = ("index",)
        skip_postgeneration_save = True

    index = factory.Sequence(lambda n: f"ТР-{n:02d}")
    uri_index = factory.Sequence(lambda n: 100 + n)
    name = factory.Sequence(lambda n: f"Регистър {n}")
    direction = Register.Direction.INCOMING
    # Role groups that may use the register (registrars; clerks too for outgoing/internal ones).
    group_names = ["Registrars"]

    class Params:
        outgoing = factory.Trait(direction=Register.Direction.OUTGOING, group_names=["Registrars", "Clerks"])
        internal = factory.Trait(direction=Register.Direction.INTERNAL, group_names=["Registrars", "Clerks"])
        with_egn = factory.Trait(requires_egn=True)

    @classmethod
    def _create(cls, model_class, *args, group_names=(), **kwargs):
        register = super()._create(model_class, *args, **kwargs)
        for name in group_names:
            register.groups.add(role_group(name))
        return register


class CorrespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correspondent

    name = factory.Sequence(lambda n: f"Петър Петров {n}")
    city = "Русе"
    address = "ул. „Александровска“ 1"

    class Params:
        organisation = factory.Trait(
            kind=Correspondent.Kind.ORGANISATION, name="Община Русе", eik="000530632"
        )


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document inserted directly (numbers from a sequence); use actions where the path matters."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    register = factory.SubFactory(RegisterFactory)
    registered_at = factory.LazyFunction(timezone.now)
    year = factory.LazyAttribute(lambda d: timezone.localtime(d.registered_at).year)
    number = factory.Sequence(lambda n: n + 1)
    formatted_number = factory.LazyAttribute(
        lambda d: d.register.format_number(d.number, timezone.localtime(d.registered_at).date())
    )
    channel = Document.Channel.DESK
    kind = Document.Kind.APPLICATION
    subject = "Искане за издаване на удостоверение"
    correspondent_names = "Петър Петров, Русе"

    @factory.post_generation
    def sender(self, create, extracted, **kwargs):
        corr = extracted or CorrespondentFactory()
        DocumentCorrespondent.objects.create(document=self, correspondent=corr, role="sender")

    class Params:
        assigned = factory.Trait(
            status=Document.Status.ASSIGNED, assignee=factory.SubFactory(UserFactory, clerk=True)
        )
        overdue = factory.Trait(
            status=Document.Status.IN_PROGRESS,
            deadline=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3)),
        )
        closed = factory.Trait(status=Document.Status.CLOSED, closed_at=factory.LazyFunction(timezone.now))
        cancelled = factory.Trait(is_cancelled=True, cancel_reason="Грешно регистриран")


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    author = factory.SubFactory(UserFactory, manager=True)
    text = "За изготвяне на отговор"

    @factory.post_generation
    def assignees(self, create, extracted, **kwargs):
        is_open = self.status == Resolution.Status.OPEN
        self.assignees.set(
            extracted or [UserFactory(clerk=True)],
            through_defaults={"document": self.document, "is_open": is_open},
        )
