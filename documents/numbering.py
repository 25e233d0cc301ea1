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


#: Fields of a register that its documents' numbers and СЕОС URIs were made from (``Register.format_number``,
#: ``Document.uri``): once a register has documents, changing any of them would make the stored numbers
#: disagree with the register (and the year's next numbers look like another register's). The yearly
#: restart itself is not configurable (the counter is per register and year), so there is no rule to lock.
NUMBERING_FIELDS = ("index", "uri_index", "number_format", "direction")


def numbering_locked(register: Register) -> bool:
    """Whether ``register``'s ``NUMBERING_FIELDS`` are frozen: it has numbered documents (or a counter)."""
    if register.pk is None:
        return False
    return register.documents.exists() or NumberCounter.objects.filter(register=register, last__gt=0).exists()
