"""The demo loader: groups, registers and documents, idempotent."""

from documents import demo
from documents.models import Department, Document, JournalEntry, Register
from documents.permissions import is_clerk, is_manager, is_registrar
from tests.documents.factories import UserFactory


def test_load_is_idempotent_and_gives_roles(db, settings):
    settings.REGISTRY_AUTO_RECEIPT = False
    users = {name: UserFactory(username=name) for name in ("registrar", "clerk", "manager", "editor")}
    demo.load(users)
    counts = (Register.objects.count(), Department.objects.count(), Document.objects.count())
    demo.load(users)
    assert (Register.objects.count(), Department.objects.count(), Document.objects.count()) == counts
    assert set(Register.objects.values_list("index", flat=True)) == {"ОА-01", "ОА-02", "ОА-03", "ОА-04"}
    assert Register.objects.for_purpose(Register.Purpose.ONLINE).index == "ОА-04"
    assert Register.objects.for_purpose(Register.Purpose.SEOS).index == "ОА-01"
    assert counts[2] >= 5 and Document.objects.filter(status="answered").exists()
    fresh = {k: type(u).objects.get(pk=u.pk) for k, u in users.items()}
    assert is_registrar(fresh["registrar"]) and is_clerk(fresh["clerk"]) and is_manager(fresh["manager"])
    assert not (is_registrar(fresh["editor"]) or is_clerk(fresh["editor"]) or is_manager(fresh["editor"]))
    from documents.journal import verify

    assert verify().ok and JournalEntry.objects.count() > counts[2]
