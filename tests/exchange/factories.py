"""Factories for СЕОС messages (dataclasses of documents.exchange.wire.messages) and, later, models."""

import datetime as dt

import factory

from documents.exchange.wire import messages as m

SOFIA = dt.timezone(dt.timedelta(hours=2))


class EntityFactory(factory.Factory):
    class Meta:
        model = m.Entity

    identifier = factory.Sequence(lambda n: f"{100000000 + n}")
    name = factory.Sequence(lambda n: f"Община Примерна {n}")
    guid = factory.LazyFunction(m.new_guid)


class DocumentNumberFactory(factory.Factory):
    class Meta:
        model = m.DocumentNumber

    number = factory.Sequence(lambda n: f"ОА-04-{n + 1}")
    date = dt.date(2026, 11, 29)


class DocumentURIFactory(factory.Factory):
    class Meta:
        model = m.DocumentURI

    register_index = 4
    sequence_number = factory.Sequence(lambda n: n + 1)
    receipt_or_signing_date = dt.date(2026, 11, 29)


class DocumentIdFactory(factory.Factory):
    class Meta:
        model = m.DocumentId

    guid = factory.LazyFunction(m.new_guid)
    number = None
    uri = None

    class Params:
        numbered = factory.Trait(number=factory.SubFactory(DocumentNumberFactory))
        with_uri = factory.Trait(uri=factory.SubFactory(DocumentURIFactory))


class CorrespondentFactory(factory.Factory):
    class Meta:
        model = m.Correspondent

    name = "Иван Петров Иванов"
    city = "Русе"

    class Params:
        full = factory.Trait(
            address="ул. Александровска 1",
            egn="8001010000",
            id_card="645123456",
            bulstat="000000002",
            email="ivan@example.invalid",
            phone="082 000 000",
            mobile_phone="0888 000 000",
            mol="Петър Петров",
            comment="Лице за контакт",
            kind=m.CorrespondentKind.APPLICANT,
        )


class AttachmentFactory(factory.Factory):
    class Meta:
        model = m.Attachment

    file_name = "pismo.pdf"
    content = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    mime_type = "application/pdf"
    comment = None


class DocumentFactory(factory.Factory):
    class Meta:
        model = m.Document

    id = factory.SubFactory(DocumentIdFactory, numbered=True)
    kind = "Писмо"

    class Params:
        full = factory.Trait(
            parent_id=factory.SubFactory(DocumentIdFactory, numbered=True),
            correspondents=factory.LazyFunction(
                lambda: (CorrespondentFactory(full=True), CorrespondentFactory(name="Мария", city="Бяла"))
            ),
            attachments=factory.LazyFunction(
                lambda: (
                    AttachmentFactory(comment="Основен документ"),
                    AttachmentFactory(
                        file_name="b.txt", content="Приложение".encode(), mime_type="text/plain"
                    ),
                )
            ),
            about="Искане на информация",
            service=m.ServiceItem(name="Издаване на апостил", type="Нормална", code="1972"),
            comment="Моля, отговорете в 14-дневен срок.",
            add_data='<x:Extra xmlns:x="urn:example:extra">42</x:Extra>',
            requested_close_date=dt.date(2026, 12, 13),
            attention_to="Секретар на общината",
        )


def message(body, *, sender=None, recipient=None, **kwargs) -> m.Message:
    return m.Message(
        sender=sender or EntityFactory(),
        recipient=recipient or EntityFactory(),
        guid=kwargs.pop("guid", None) or m.new_guid(),
        date=kwargs.pop("date", None) or dt.datetime(2026, 11, 29, 10, 15, 0, tzinfo=SOFIA),
        body=body,
        **kwargs,
    )


def registration_request(**document_kwargs) -> m.Message:
    return message(
        m.RegistrationRequest(document=DocumentFactory(**document_kwargs), comment="Изпратено чрез СЕОС")
    )


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "exchange.Participant"
        django_get_or_create = ("guid",)

    guid = factory.LazyFunction(m.new_guid)
    eik = factory.Sequence(lambda n: f"{200000000 + n}")
    name = factory.Sequence(lambda n: f"Община {n}")
    email = "deloviodstvo@example.invalid"
    certificate_serial = factory.Sequence(lambda n: f"{0xABC000 + n:X}")
    status = "Active"
    service_uri = factory.LazyAttribute(lambda p: f"https://{p.eik}.ob.obmen.local:8443/DocExchangeService/")
    service_status = "Active"
    signature_algorithm = "rsa-sha256"

    class Params:
        inactive = factory.Trait(status="Inactive")
        temporarily_inactive = factory.Trait(status="TemporarilyInactive")
        legacy = factory.Trait(signature_algorithm="rsa-sha1")
        unreachable = factory.Trait(service_uri="")
