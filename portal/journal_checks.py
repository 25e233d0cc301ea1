"""Verify the registry journal's hash chain and remember the result for the system status page.

Verification reads every entry (minutes at a million), so it runs nightly (``portal.verify_journal``) or on
demand (``manage.py verify_journal``); the status page only reads the last stored result.
"""

import logging
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger("portal.journal")

#: Older results are deleted: the status page needs the last one, an investigation the recent ones.
KEEP_DAYS = 90


def verify_and_record():
    """Run ``documents.journal.verify()`` and store its result as a ``JournalCheck``; return that row."""
    from documents.journal import verify
    from portal.models import JournalCheck

    result = verify()
    check = JournalCheck.objects.create(
        checked_at=timezone.now(),
        ok=result.ok,
        entries=result.checked,
        broken_id=result.broken_id,
        problem=result.problem,
    )
    if not result.ok:
        # An alert keys on this line: someone changed the journal behind the application's back.
        logger.error("journal chain broken at entry %s: %s", result.broken_id, result.problem)
    JournalCheck.objects.filter(checked_at__lt=check.checked_at - timedelta(days=KEEP_DAYS)).delete()
    return check


def last_check():
    from portal.models import JournalCheck

    return JournalCheck.objects.order_by("-checked_at", "-pk").first()
