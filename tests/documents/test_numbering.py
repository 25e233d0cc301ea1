"""Registration numbers: formatted per register, restart every year, gap-free and unique under concurrency."""

import threading

import pytest
from django.db import connection, connections, transaction
from freezegun import freeze_time

from documents import actions
from documents.actors import PORTAL
from documents.models import Document, NumberCounter
from documents.numbering import next_number
from tests.documents.factories import RegisterFactory

SENDER = [{"name": "Иван Иванов", "city": "Русе"}]


def register_one(register, subject="Искане"):
    return actions.register_incoming(
        PORTAL,
        register=register,
        subject=subject,
        kind="application",
        channel="portal",
        correspondents=SENDER,
    )


@pytest.fixture(autouse=True)
def no_receipts(settings):
    settings.REGISTRY_AUTO_RECEIPT = False


def test_numbers_are_formatted_per_register_and_carry_the_uri(incoming, outgoing):
    with freeze_time("2026-11-29 10:00:00+02:00"):
        first, second = register_one(incoming), register_one(incoming)
    assert (first.formatted_number, second.formatted_number) == ("ОА-01-1/29.11.2026", "ОА-01-2/29.11.2026")
    assert tuple(second.uri) == (1, 2, second.registered_on)
    assert str(second.uri.date) == "2026-11-29"


def test_numbers_restart_every_year(incoming):
    with freeze_time("2026-12-31 23:30:00+02:00"):
        last_of_year = register_one(incoming)
    with freeze_time("2027-01-01 08:00:00+02:00"):
        first_of_year = register_one(incoming)
    assert (last_of_year.year, last_of_year.number) == (2026, 1)
    assert first_of_year.formatted_number == "ОА-01-1/01.01.2027"


def test_a_rolled_back_registration_gives_its_number_back(incoming):
    register_one(incoming)
    with pytest.raises(RuntimeError), transaction.atomic():
        register_one(incoming)
        raise RuntimeError("the caller failed after registering")
    assert register_one(incoming).number == 2
    assert list(Document.objects.values_list("number", flat=True).order_by("number")) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_next_number_refuses_to_run_outside_a_transaction(incoming):
    with pytest.raises(RuntimeError):
        next_number(incoming, 2026)


def test_custom_number_format(db):
    register = RegisterFactory(index="Ж", number_format="{index}-{number}/{year}")
    with freeze_time("2026-03-02 12:00:00+02:00"):
        assert register_one(register).formatted_number == "Ж-1/2026"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_give_every_number_exactly_once(incoming):
    """16 threads register 10 documents each; every third one is rolled back by its caller."""
    threads, per_thread = 16, 10
    committed, errors = [], []
    barrier = threading.Barrier(threads)

    def worker(n):
        try:
            barrier.wait()
            for i in range(per_thread):
                try:
                    with transaction.atomic():
                        doc = register_one(incoming, subject=f"Поток {n}, документ {i}")
                        if (n + i) % 3 == 0:
                            raise _Rollback
                    committed.append(doc.number)
                except _Rollback:
                    pass
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    numbers = sorted(Document.objects.filter(register=incoming).values_list("number", flat=True))
    assert numbers == list(range(1, len(committed) + 1))
    assert sorted(committed) == numbers
    assert 0 < len(numbers) < threads * per_thread  # some did roll back
    assert NumberCounter.objects.get(register=incoming).last == len(numbers)
    assert connection.vendor == "postgresql"


class _Rollback(Exception):
    pass
