"""File downloads: the only way registry files leave the server, after an object-level permission check.

Attachments, receipts, letters and register journals are all answered the same way: 404 for someone who may
not see them (ids reveal nothing; logged as ``permission.denied``), otherwise the file as a download
(``Content-Disposition: attachment``) with the content type stored when it was checked,
``X-Content-Type-Options: nosniff`` and no caching.

A document's receipt (incoming) or letter (outgoing) is rendered by a Celery task on commit; when it is not
there yet the view queues the task once (idempotent: a second run returns the stored file) and, if the task
has not finished by then, answers "being prepared" (202) with a link to try again.
"""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from documents import permissions, tasks
from documents.models import Attachment, Document, GeneratedFile, Register
from documents.views.base import forbidden, get_visible_document, hidden, url


def serve(obj, filename: str, content_type: str) -> FileResponse:
    """``obj.file`` as a download: never shown inline, never sniffed, never cached by a proxy."""
    if not obj.file:  # its content was removed when the sender's personal data was anonymised
        raise Http404
    response = FileResponse(
        obj.file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def attachment(request, pk: int):
    att = get_object_or_404(Attachment.objects.select_related("document__register"), pk=pk)
    if not permissions.can_download(request.user, att):
        raise hidden(request, attachment=att.pk, document=att.document_id)
    return serve(att, att.original_name, att.content_type)


@never_cache
@login_required
def generated_file(request, pk: int):
    gen = get_object_or_404(GeneratedFile.objects.select_related("document__register", "register"), pk=pk)
    if not permissions.can_download(request.user, gen):
        raise hidden(request, generated_file=gen.pk, document=gen.document_id, register=gen.register_id)
    return serve(gen, gen.filename, gen.content_type)


PDF_KINDS = {
    # kind in the URL -> (GeneratedFile kind, the task that renders it, which registers have it)
    "receipt": (GeneratedFile.Kind.RECEIPT, "render_receipt", {Register.Direction.INCOMING}),
    "letter": (
        GeneratedFile.Kind.LETTER,
        "render_letter",
        {Register.Direction.OUTGOING, Register.Direction.INTERNAL},
    ),
}
QUEUE_GUARD_SECONDS = 120


def pdf_kind_for(document: Document) -> str:
    return "receipt" if document.register.direction == Register.Direction.INCOMING else "letter"


def _stored(document: Document, kind: str) -> GeneratedFile | None:
    return GeneratedFile.objects.filter(document=document, kind=kind).order_by("-created_at").first()


def _queue(task_name: str, document_id: int) -> None:
    """Queue the rendering once per document for a while (a worker may be busy; reloading must not pile up
    tasks). With eager Celery (the embedded default) this renders right here."""
    if not cache.add(f"documents:render:{task_name}:{document_id}", 1, QUEUE_GUARD_SECONDS):
        return
    result = getattr(tasks, task_name).delay(document_id)
    if result.ready() and not result.successful():
        # Let the next request try again instead of waiting for the guard to expire.
        cache.delete(f"documents:render:{task_name}:{document_id}")


def document_pdf(request, pk: int, kind: str):
    """The receipt or letter of a document the user may see (rendered on demand when missing)."""
    if not permissions.has_registry_access(request.user):
        return forbidden(request)
    document = get_visible_document(request, pk)
    if kind not in PDF_KINDS:
        raise Http404
    file_kind, task_name, directions = PDF_KINDS[kind]
    if document.register.direction not in directions:
        raise Http404
    stored = _stored(document, file_kind)
    if stored is None:
        _queue(task_name, document.pk)
        stored = _stored(document, file_kind)
    if stored is not None:
        return serve(stored, stored.filename, stored.content_type)
    title = _("Registration receipt") if kind == "receipt" else _("Outgoing letter")
    return TemplateResponse(
        request,
        "documents/admin/being_prepared.html",
        {
            "document": document,
            "title": title,
            "retry_url": url("document_pdf", document.pk, kind),
            "back_url": url("document", document.pk),
            "header_title": title,
            "page_title": title,
            "breadcrumbs_items": [],
        },
        status=202,
    )


document_pdf = never_cache(document_pdf)
