"""Carry the request id into Celery tasks and remember tasks that failed for good.

The id travels in the task message headers (``before_task_publish``) and is put back into the log context
in the worker (``task_prerun``), so one id follows a citizen's request from the web process into the
PDF rendering or e-mail task it queued. A task queued outside a request gets its own id.
"""

import logging

from celery import signals

from portal.logging import redact, request_id_var
from portal.middleware import new_request_id

logger = logging.getLogger("portal.tasks")
HEADER = "portal_request_id"
_tokens: dict[str, object] = {}


def _on_publish(sender=None, headers=None, **kwargs):
    if headers is not None and not headers.get(HEADER):
        current = request_id_var.get()
        headers[HEADER] = current if current != "-" else new_request_id()


def _on_prerun(sender=None, task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    incoming = getattr(request, HEADER, None) or (getattr(request, "headers", None) or {}).get(HEADER)
    if not incoming:
        if request is not None and getattr(request, "is_eager", False) and request_id_var.get() != "-":
            return  # eager task inside a request: it already runs in the request's context
        incoming = new_request_id()
    _tokens[task_id] = request_id_var.set(incoming)


def _on_postrun(sender=None, task_id=None, **kwargs):
    token = _tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)


def _on_failure(sender=None, task_id=None, exception=None, **kwargs):
    from portal.models import TaskFailure

    try:
        TaskFailure.objects.create(
            task_id=task_id or "",
            task_name=getattr(sender, "name", "") or "",
            exception=exception.__class__.__name__ if exception else "",
            message=redact(str(exception))[:1000] if exception else "",
            request_id=request_id_var.get(),
        )
    except Exception:  # the database may be what failed; the log line below still tells
        logger.warning("could not record the failure of task %s", task_id, exc_info=True)
    logger.error("task %s %s failed: %s", getattr(sender, "name", "?"), task_id,
                 exception.__class__.__name__ if exception else "?")


def connect():
    signals.before_task_publish.connect(_on_publish, dispatch_uid="portal.request_id.publish", weak=False)
    signals.task_prerun.connect(_on_prerun, dispatch_uid="portal.request_id.prerun", weak=False)
    signals.task_postrun.connect(_on_postrun, dispatch_uid="portal.request_id.postrun", weak=False)
    signals.task_failure.connect(_on_failure, dispatch_uid="portal.task_failure", weak=False)
