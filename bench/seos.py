"""СЕОС benchmark: messages per second with a 1 MB and a 10 MB attachment, and ratios to a plain parse.

    .venv/bin/python bench/seos.py [--sizes 1,10] [--rounds 5] [--no-round-trip]

Measured, for the same registration request at each attachment size:

- plain parse   lxml parsing the signed XML, nothing else (the baseline of every ratio)
- build+sign+validate   dataclasses -> XML, enveloped XMLDSig (C14N 1.0, RSA-SHA256), schema validation
- verify+parse+store    the inbox: safe two-pass parse, schema, recipient/sender checks, signature,
                        certificate serial, attachment checks (libmagic, SHA-256), rows stored, signed answer
- round trip            two portals: the region's outbox -> its Celery worker -> HTTP -> the municipality's
                        gunicorn (all the inbox work) -> signed answer -> verified and recorded by the region

The round trip runs two real instances on loopback (PostgreSQL databases created and dropped here, a
Celery queue of their own on Redis); it needs ``REDIS_URL`` (e.g. redis://127.0.0.1:6379/4) and
PostgreSQL at ``BENCH_POSTGRES`` (default postgres://postgres@127.0.0.1:5432). It measures and
prints; it never passes or fails on time.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The PostgreSQL server (no database name): two databases are created on it and dropped afterwards.
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("REDIS_URL", "")
MB = 1024 * 1024


def timed(fn, rounds):
    """Seconds per call: the median of ``rounds`` calls (after one warm-up)."""
    fn()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def attachment(size_mb: int) -> bytes:
    # A PDF header (so the content check recognises it) and incompressible bytes.
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(size_mb * MB - 15)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1,10", help="attachment sizes in MB")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-round-trip", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from tests.exchange.instances import Instance, wait_for

    workdir = Path(tempfile.mkdtemp(prefix="seos-bench-"))
    suffix = uuid.uuid4().hex[:8]
    redis_url = REDIS or "redis://127.0.0.1:6379/4"
    region = Instance(
        "region",
        workdir=workdir,
        database_url=f"{SERVER}/seos_bench_region_{suffix}",
        redis_url=redis_url,
        guid="{5eb1c4e8-0b1a-4c6e-9d39-2f6a1b7c0d01}",
        eik="000000001",
        title="Областна администрация Русе",
        extra_env={"SEOS_MAX_MESSAGE_BYTES": str(64 * MB), "SEOS_MAX_ATTACHMENT_BYTES": str(30 * MB)},
    )
    municipality = Instance(
        "municipality",
        workdir=workdir,
        database_url=f"{SERVER}/seos_bench_municipality_{suffix}",
        redis_url=redis_url,
        guid="{0b7e2f1a-55d4-4d2e-8a7e-3c1f9e6b2a02}",
        eik="000530632",
        title="Община Русе",
        extra_env={"SEOS_MAX_MESSAGE_BYTES": str(64 * MB), "SEOS_MAX_ATTACHMENT_BYTES": str(30 * MB)},
    )
    registers = [
        {
            "index": "Б-01",
            "uri_index": 1,
            "name": "Входящи",
            "direction": "incoming",
            "purpose": "seos",
            "max_attachment_bytes": 30 * MB,
        }
    ]
    print("Setting up two portals (databases, keys, participants)...", flush=True)
    try:
        region.create()
        municipality.create(like=region)
        region.configure(registers)
        municipality.configure(registers)
        region.know(municipality)
        municipality.know(region)
        # This process is the region: its database, its keys, its queue.
        os.environ.update(region.env)
        import django

        django.setup()
        rows = run(region, municipality, sizes, args.rounds, not args.no_round_trip and bool(REDIS), wait_for)
    finally:
        region.stop()
        municipality.stop()
        from django.db import connections

        connections.close_all()
        region.drop(redis_url)
        municipality.drop(redis_url)
    print()
    print(f"{'scenario':<24}{'attachment':>11}{'msg/s':>10}{'ms/msg':>11}{'× plain parse':>15}")
    for name, size, seconds, base in rows:
        print(f"{name:<24}{size:>8} MB{1 / seconds:>10.2f}{seconds * 1000:>11.1f}{seconds / base:>15.1f}")
    if not REDIS:
        print("\n(round trip skipped: set REDIS_URL to run it)")


def run(region, municipality, sizes, rounds, round_trip, wait_for):
    from django.utils import timezone
    from lxml import etree

    from documents.exchange import inbox, outbox, wire
    from documents.exchange.models import ExchangedDocument, Participant
    from documents.exchange.wire import messages as m
    from documents.exchange.wire.signing import SigningIdentity

    ours = SigningIdentity.from_files(region.env["SEOS_KEY_FILE"], region.env["SEOS_CERT_FILE"])
    theirs = SigningIdentity.from_files(municipality.env["SEOS_KEY_FILE"], municipality.env["SEOS_CERT_FILE"])
    me = m.Entity(region.eik, region.title, region.guid)
    peer = Participant.objects.get(guid=municipality.guid)

    def request(content, sender, recipient):
        doc = m.Document(
            id=m.DocumentId(guid=m.new_guid(), number=m.DocumentNumber("Б-1", timezone.localdate())),
            kind="Писмо",
            about="Бенчмарк",
            attachments=(m.Attachment("file.pdf", content, "application/pdf"),),
        )
        return m.Message(
            sender=sender,
            recipient=recipient,
            guid=m.new_guid(),
            date=timezone.now(),
            body=m.RegistrationRequest(document=doc, comment="bench"),
        )

    def round_trips(content, count):
        """Seconds per message from queueing in the region's outbox to the recorded answer."""
        docs = []
        start = time.perf_counter()
        for _ in range(count):
            body = request(content, me, peer.entity).body
            exchanged = ExchangedDocument.objects.create(
                direction="out", participant=peer, document_guid=body.document.id.guid, status="sending"
            )
            outbox.queue(peer, body, exchanged=exchanged)  # autocommit: the delivery is queued at once
            docs.append(exchanged.pk)
        waiting = ExchangedDocument.objects.filter(pk__in=docs, status=m.DocStatus.WAIT_REGISTRATION)
        wait_for(lambda: waiting.count() == len(docs), timeout=900, interval=0.1, what="the round trips")
        return (time.perf_counter() - start) / count

    def measure(size):
        content = attachment(size)
        sample = wire.emit(request(content, me, peer.entity), ours)
        plain = etree.XMLParser(huge_tree=True)
        base = timed(lambda: etree.fromstring(sample, plain), rounds)
        result = [("plain parse", size, base, base)]
        result.append(
            (
                "build+sign+validate",
                size,
                timed(lambda: wire.emit(request(content, me, peer.entity), ours), rounds),
                base,
            )
        )
        # Inbound: messages from the municipality to us, built beforehand (only receiving is timed).
        inbound = iter([wire.emit(request(content, peer.entity, me), theirs) for _ in range(rounds + 1)])

        def receive():
            outcome = inbox.receive(next(inbound))
            assert outcome.refused is None, outcome.refused.description

        result.append(("verify+parse+store", size, timed(receive, rounds), base))
        print(f"  {size} MB: in-process figures done", flush=True)
        if round_trip:
            round_trips(content, 1)  # warm-up: the worker's and gunicorn's first request
            count = max(2, rounds if size <= 1 else rounds // 2)
            result.append(("round trip (2 portals)", size, round_trips(content, count), base))
            print(f"  {size} MB: round trip done", flush=True)
        return result

    if round_trip:
        municipality.start_web()
        region.start_worker()
    rows = []
    for size in sizes:
        rows.extend(measure(size))
    return rows


if __name__ == "__main__":
    main()
