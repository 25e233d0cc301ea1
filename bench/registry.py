"""Registry benchmark on PostgreSQL: list, full-text search and document page at 100k and 1M documents,
and numbering throughput with 8 concurrent workers against plain inserts.

    .venv/bin/python bench/registry.py [--small 100000] [--large 1000000] [--samples 200]

Uses postgres://postgres@127.0.0.1:5432/portal_bench_registry (``BENCH_DATABASE_URL`` overrides); the
database is created and migrated when missing, then emptied and seeded with ``generate_series`` (seconds
per million rows). It measures and prints; it never passes or fails on time.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_registry")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.pop("REDIS_URL", None)

SUBJECT_HEADS = [
    "Искане",
    "Жалба",
    "Сигнал",
    "Предложение",
    "Заявление",
    "Запитване",
    "Уведомление",
    "Покана",
    "Становище",
    "Молба",
]
SUBJECT_TAILS = [
    "за издаване на удостоверение",
    "относно обществена поръчка",
    "за достъп до информация",
    "за промяна на предназначението на имот",
    "относно ремонт на пътя Русе – Бяла",
    "за регистрация на сдружение",
    "относно нерегламентирано сметище",
    "за отчуждаване на имот",
    "относно Дунав мост",
    "за издаване на разрешение за строеж",
    "за преписка по реституция",
    "относно водоснабдяване на с. Николово",
]
FIRST = ["Иван", "Мария", "Георги", "Елена", "Петър", "Десислава", "Николай", "Гергана", "Стоян", "Радка"]
LAST = ["Иванов", "Петрова", "Георгиев", "Стоянова", "Николов", "Димитрова", "Колев", "Русева", "Тодоров"]
ORGS = [
    "Община Русе",
    "Община Бяла",
    "РИОСВ Русе",
    "ОД на МВР Русе",
    "Сдружение „Граждани за Русе“",
    "ЕТ „Дунав“",
    "ВиК Русе",
    "Агенция по геодезия",
]
CITIES = ["Русе", "Бяла", "Две могили", "Ветово", "Сливо поле", "Иваново", "Борово", "Ценово"]
KINDS = ["application", "letter", "complaint", "signal", "proposal", "request", "notification"]
CHANNELS = ["desk", "post", "email", "portal", "seos", "ssev"]
STATUSES = [
    "registered",
    "assigned",
    "in_progress",
    "info_requested",
    "answered",
    "closed",
    "closed",
    "closed",
]
# Documents are numbered backwards in time (g = 1 is the newest), so both sizes have the same backlog: the
# newest BACKLOG documents are still being worked on, the history behind them is closed, as in a real
# registry where the database grows with closed files, not with open ones.
BACKLOG = 6000


def ensure_database():
    import psycopg

    base, name = URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def sql_array(values):
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def reset_and_base_data():
    from django.contrib.auth.models import User
    from django.db import connection

    from documents.models import Department, Register
    from tests.documents.factories import role_group

    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE documents_journalentry, documents_journalhead, documents_generatedfile,"
            " documents_attachment, documents_resolution_assignees, documents_resolution,"
            " documents_documentcorrespondent, documents_document_related, documents_document,"
            " documents_correspondent, documents_numbercounter, documents_casefile RESTART IDENTITY CASCADE"
        )
    clerks_group, _ = role_group("Clerks"), role_group("Registrars")
    registers = []
    for i, (index, direction) in enumerate(
        [("ОА-01", "incoming"), ("ОА-02", "outgoing"), ("ОА-03", "internal"), ("ОА-04", "incoming")], start=1
    ):
        reg, _ = Register.objects.get_or_create(
            index=index, defaults={"uri_index": i, "name": index, "direction": direction}
        )
        registers.append(reg)
    deps = [Department.objects.get_or_create(name=f"Звено {i}")[0] for i in range(8)]
    clerks = []
    for i in range(60):
        user, _ = User.objects.get_or_create(username=f"bench-clerk-{i}", defaults={"email": f"c{i}@x.bg"})
        user.groups.add(clerks_group)
        deps[i % 8].members.add(user)
        clerks.append(user)
    return registers, deps, clerks


def seed(first: int, last: int, registers, deps, clerks):
    """Insert documents first..last (inclusive) with parties, a journal entry each, and some resolutions."""
    from django.db import connection

    reg_ids = [r.pk for r in registers]
    reg_index = [r.index for r in registers]
    clerk_ids = [u.pk for u in clerks]
    dep_ids = [d.pk for d in deps]
    span_seconds = 7 * 365 * 86400  # 1M documents over seven years
    total = 1_000_000
    with connection.cursor() as cur:
        if first == 1:
            cur.execute(
                f"""INSERT INTO documents_correspondent
                    (kind, name, city, address, eik, egn, email, phone, created_at)
                SELECT CASE WHEN g % 5 = 0 THEN 'organisation' ELSE 'person' END,
                       CASE WHEN g % 5 = 0 THEN ({sql_array(ORGS)})[1 + g % {len(ORGS)}]
                            ELSE ({sql_array(FIRST)})[1 + g % {len(FIRST)}] || ' '
                                 || ({sql_array(LAST)})[1 + (g / 7) % {len(LAST)}] END,
                       ({sql_array(CITIES)})[1 + g % {len(CITIES)}], 'ул. „Александровска“ ' || g,
                       '', '', '', '', now()
                FROM generate_series(1, 20000) g"""  # noqa: S608 - constants only
            )
        cur.execute(
            f"""INSERT INTO documents_document (register_id, year, number, formatted_number, registered_at,
                registered_by_name, channel, kind, subject, note, sender_reference, correspondent_names,
                status, is_cancelled, cancel_reason, assignee_id, department_id, deadline, closed_at,
                created_at,
                updated_at)
            SELECT r.id, extract(year FROM t.at AT TIME ZONE 'Europe/Sofia')::int, g,
                   r.idx || '-' || g || '/' || to_char(t.at AT TIME ZONE 'Europe/Sofia', 'DD.MM.YYYY'),
                   t.at, 'Деловодител', ({sql_array(CHANNELS)})[1 + g % {len(CHANNELS)}],
                   ({sql_array(KINDS)})[1 + (g / 3) % {len(KINDS)}],
                   ({sql_array(SUBJECT_HEADS)})[1 + g % {len(SUBJECT_HEADS)}] || ' '
                     || ({sql_array(SUBJECT_TAILS)})[1 + (g / 11) % {len(SUBJECT_TAILS)}] || ' № ' || g,
                   '', '', c.name || ', ' || c.city, s.status, g % 200 = 0, '',
                   CASE WHEN s.status <> 'registered' THEN (ARRAY{clerk_ids})[1 + g % {len(clerk_ids)}] END,
                   (ARRAY{dep_ids})[1 + g % {len(dep_ids)}],
                   (t.at + interval '20 days')::date,
                   CASE WHEN s.status = 'closed' THEN t.at + (g % 30) * interval '1 day' END, t.at, t.at
            FROM generate_series({first}, {last}) g
            CROSS JOIN LATERAL (SELECT timestamptz '2026-11-27 16:00+02'
                                       - (g::float / {total} * {span_seconds}) * interval '1 second' AS at) t
            CROSS JOIN LATERAL (SELECT (ARRAY{reg_ids})[1 + g % {len(reg_ids)}] AS id,
                                       ({sql_array(reg_index)})[1 + g % {len(reg_ids)}] AS idx) r
            CROSS JOIN LATERAL (SELECT CASE
                WHEN g <= {BACKLOG} THEN ({sql_array(STATUSES)})[1 + (g / 5) % {len(STATUSES)}]
                WHEN g % 33 = 0 THEN 'withdrawn' ELSE 'closed' END AS status) s
            JOIN documents_correspondent c ON c.id = 1 + g % 20000"""  # noqa: S608 - constants only
        )
        cur.execute(
            f"""INSERT INTO documents_documentcorrespondent (document_id, correspondent_id, role, position)
            SELECT d.id, 1 + d.number % 20000, 'sender', 0 FROM documents_document d
            WHERE d.number BETWEEN {first} AND {last}"""  # noqa: S608 - constants only
        )
        cur.execute(
            f"""INSERT INTO documents_journalentry (actor_label, action, object_type, object_id, object_repr,
                document_id, at, before, after, prev_hash, hash)
            SELECT 'registrar', a.action, 'documents.document', d.id::text, d.formatted_number, d.id,
                   d.registered_at + a.n * interval '1 hour', NULL, '{{"status": "x"}}'::jsonb,
                   md5(d.id || '-' || a.n - 1) || md5('p' || d.id || '-' || a.n - 1),
                   md5(d.id || '-' || a.n) || md5('p' || d.id || '-' || a.n)
            FROM documents_document d
            CROSS JOIN (VALUES (0, 'register_incoming'), (1, 'assign'), (2, 'start')) a(n, action)
            WHERE d.number BETWEEN {first} AND {last}"""  # noqa: S608 - constants only
        )
        cur.execute(
            f"""INSERT INTO documents_resolution (document_id, kind, author_id, controller_id, text, deadline,
                status, created_at, note)
            SELECT d.id, 'resolution', NULL, NULL, 'За изготвяне на отговор', d.deadline,
                   CASE WHEN d.status = 'closed' THEN 'done' ELSE 'open' END,
                   d.registered_at, ''
            FROM documents_document d WHERE d.number BETWEEN {first} AND {last} AND d.number % 4 = 0"""  # noqa: S608 - constants only
        )
        cur.execute(
            f"""INSERT INTO documents_resolution_assignees (resolution_id, user_id, document_id, is_open)
            SELECT r.id, (ARRAY{clerk_ids})[1 + r.id % {len(clerk_ids)}], r.document_id, r.status = 'open'
            FROM documents_resolution r
            WHERE r.id > coalesce((SELECT max(resolution_id) FROM documents_resolution_assignees), 0)"""  # noqa: S608 - constants only
        )
        cur.execute("ANALYZE")


def timed(fn, samples: int) -> tuple[float, float]:
    times = []
    for i in range(samples):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure(samples: int, registers, clerks) -> dict:
    from documents.models import Document
    from documents.permissions import visible_documents

    rng = random.Random(7)
    max_id = Document.objects.order_by("-id").values_list("id", flat=True).first()
    words = [w for phrase in SUBJECT_TAILS for w in phrase.split() if len(w) > 4] + LAST + ORGS[:2]

    def manager_list(i):
        reg = rng.choice(registers)
        qs = Document.objects.for_list().filter(register=reg, year=2026)
        qs = qs.filter(
            status__in=rng.choice([["registered", "assigned"], ["in_progress"], ["closed"], ["withdrawn"]])
        )
        return list(qs.order_by("-registered_at")[:50])

    def clerk_list(i):
        clerk = rng.choice(clerks)
        clerk._perm_cache = {"documents.process_document"}  # as after the first request of a session
        clerk._user_perm_cache = set()
        clerk._group_perm_cache = {"documents.process_document"}
        qs = visible_documents(clerk, Document.objects.for_list()).pending()
        return list(qs.order_by("deadline", "id")[:50])

    def search(i):
        qs = Document.objects.for_list().search(rng.choice(words))
        if i % 2:
            qs = qs.filter(register=rng.choice(registers))
        return list(qs.order_by("-registered_at")[:50])

    from django.contrib.auth.models import User

    from documents.queries import document_page

    manager, _ = User.objects.get_or_create(username="bench-manager", defaults={"is_superuser": True})

    def page(i):
        return document_page(rng.randint(1, max_id), manager)  # 9 queries: the document and its history

    results = {}
    for name, fn in [
        ("filtered list (register, year, status)", manager_list),
        ("clerk's list (visible to them, pending)", clerk_list),
        ("full-text search", search),
        ("document page data", page),
    ]:
        fn(0)  # warm up
        results[name] = timed(fn, samples)
    return results


def throughput(register, seconds: float = 8.0, workers: int = 8) -> tuple[float, float, float]:
    """Documents per second: (numbered inserts, plain inserts, the full register_incoming action)."""
    import itertools

    from django.db import connections, transaction
    from django.utils import timezone

    from documents import actions
    from documents.actors import PORTAL
    from documents.models import Document
    from documents.numbering import next_number

    plain_numbers = itertools.count(10_000_000)
    lock = threading.Lock()

    def new_doc(number):
        now = timezone.now()
        return Document(
            register=register,
            year=now.year,
            number=number,
            formatted_number=f"B-{number}",
            registered_at=now,
            channel="portal",
            kind="application",
            subject="Бенчмарк",
        )

    def numbered():
        with transaction.atomic():
            number = next_number(register, timezone.localdate().year)
            new_doc(number).save()

    def plain():
        with lock:
            number = next(plain_numbers)
        with transaction.atomic():
            new_doc(number).save()

    def action():
        actions.register_incoming(
            PORTAL,
            register=register,
            subject="Бенчмарк",
            kind="application",
            channel="portal",
            correspondents=[{"name": "Иван Иванов", "city": "Русе"}],
        )

    def run(fn) -> float:
        done = []
        stop = time.perf_counter() + seconds

        def worker():
            n = 0
            try:
                while time.perf_counter() < stop:
                    fn()
                    n += 1
            finally:
                done.append(n)
                connections.close_all()

        pool = [threading.Thread(target=worker) for _ in range(workers)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        return sum(done) / seconds

    from django.conf import settings

    settings.REGISTRY_AUTO_RECEIPT = False
    # The bench register starts past the seeded numbers; plain inserts use numbers far above both.
    from documents.models import NumberCounter

    NumberCounter.objects.update_or_create(
        register=register, year=timezone.localdate().year, defaults={"last": 5_000_000}
    )
    return run(numbered), run(plain), run(action)


def explain(label: str, qs):
    plan = qs.explain()
    used = sorted(
        {
            w.strip('",')
            for w in plan.split()
            if w.startswith(("documents_", '"documents_'))
            and ("idx" in w or "fts" in w or "pkey" in w or "unique" in w)
        }
    )
    print(f"    plan of {label}: {', '.join(used) or 'no index'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()

    ensure_database()
    setup_django()
    from documents.models import Document, Register
    from documents.permissions import visible_documents

    registers, deps, clerks = reset_and_base_data()
    figures = {}
    for size, first in ((args.small, 1), (args.large, args.small + 1)):
        start = time.perf_counter()
        seed(first, size, registers, deps, clerks)
        print(f"seeded {Document.objects.count():,} documents in {time.perf_counter() - start:.1f} s")
        figures[size] = measure(args.samples, registers, clerks)
        for name, (p50, p95) in figures[size].items():
            print(f"  {size:>9,}  {name:<42} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
        explain(
            "filtered list",
            Document.objects.filter(register=registers[0], year=2026, status__in=["closed"]).order_by(
                "-registered_at"
            )[:50],
        )
        explain("search", Document.objects.search("удостоверение").order_by("-registered_at")[:50])
        explain(
            "clerk's list",
            visible_documents(clerks[0], Document.objects.all()).pending().order_by("deadline", "id")[:50],
        )

    print(f"\nratio {args.large:,} / {args.small:,} (p50, p95):")
    for name in figures[args.small]:
        (s50, s95), (l50, l95) = figures[args.small][name], figures[args.large][name]
        print(f"  {name:<42} {l50 / s50:5.2f}x   {l95 / s95:5.2f}x")

    bench_register, _ = Register.objects.get_or_create(
        index="БН-01", defaults={"uri_index": 99, "name": "Бенчмарк", "direction": "incoming"}
    )
    numbered, plain, action = throughput(bench_register)
    print("\nnumbering, 8 concurrent workers, 8 s each:")
    print(f"  plain inserts (no numbering)          {plain:8.0f} documents/s")
    print(
        f"  numbered inserts (counter row locked) {numbered:8.0f} documents/s   ratio {numbered / plain:.2f}"
    )
    print(
        f"  register_incoming (number, parties, journal) {action:6.0f} documents/s"
        f"   ratio {action / plain:.2f}"
    )


if __name__ == "__main__":
    main()
