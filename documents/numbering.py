"""Gap-free yearly registration numbers.

``next_number`` must run inside the transaction that inserts the document. It increments the
(register, year) counter row with an ``UPDATE ... SET last = last + 1`` — which takes the row lock, the same
lock ``select_for_update`` takes — and reads the value back under ``select_for_update``. Concurrent
registrations in the same register wait for each other until commit; a transaction that rolls back also
rolls back its increment, so no number is lost or given twice. Taking the lock with a write first also
serialises writers on SQLite, where ``select_for_update`` is a no-op.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from documents.models import NumberCounter, Register


def next_number(register: Register, year: int) -> int:
    """Take the next number of ``register`` in ``year`` (1, 2, 3, ...). Call inside ``transaction.atomic``."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that inserts the document")
    counters = NumberCounter.objects.filter(register=register, year=year)
    if not counters.update(last=F("last") + 1):
        try:
            with transaction.atomic():  # savepoint: a concurrent first number of the year may win the insert
                NumberCounter.objects.create(register=register, year=year, last=1)
            return 1
        except IntegrityError:
            counters.update(last=F("last") + 1)
    return counters.select_for_update().values_list("last", flat=True).get()


def peek(register: Register, year: int) -> int:
    """The last number given so far (0 when none); for display only, never for registering."""
    return (
        NumberCounter.objects.filter(register=register, year=year).values_list("last", flat=True).first() or 0
    )
