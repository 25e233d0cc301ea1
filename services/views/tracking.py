"""Following an application: number + access code → the timeline, the answer, more documents, withdrawal.

A wrong number and a wrong code get the same message, cost the same time (the same number of hash checks
whether the number exists or not, see ``find``) and count against two limits: per IP and per number.
Every failure is logged as a security event.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from services import access, conf, security, session
from services.forms import refused_form
from services.models import ApplicationEvent, ServiceApplication
from services.tracking_forms import SupplementForm, TrackForm, WithdrawForm

OPEN_STATUSES = {"registered", "assigned", "in_progress", "info_requested"}


def _number_key(group, request):
    return access.number_short_key(request.POST.get("number", ""))


@never_cache
def track(request):
    form = TrackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        over_ip = security.limited(request, "services:track:ip", conf.get("TRACK_RATE_IP"))
        over_number = security.limited(
            request, "services:track:number", conf.get("TRACK_RATE_NUMBER"), key=_number_key
        )
        if over_ip or over_number:
            security.log_event(
                "tracking.rate_limited",
                request=request,
                number=access.number_short_key(request.POST.get("number", ""))[:64],
                per="ip" if over_ip else "number",
            )
            form.add_error(None, _("Too many attempts. For your safety please try again in an hour."))
            status = 429
        elif form.is_valid():
            application = find(form.cleaned_data["number"], form.cleaned_data["code"])
            if application is not None:
                session.grant(request, application)
                security.log_event(
                    "tracking.opened", request=request, level=logging.INFO, application=application.pk
                )
                return HttpResponseRedirect(reverse("services:status", args=[application.public_id]))
            security.log_event(
                "tracking.failed", request=request, number=access.number_key(form.cleaned_data["number"])[:64]
            )
            form.add_error(
                None,
                _("The incoming number or the access code is not correct. Please check both and try again."),
            )
    if form.is_bound:
        # The code is never sent back to the browser.
        form.data = form.data.copy()
        form.data["code"] = ""
    return render(request, "services/track.html", {"form": form}, status=status)


# A number typed without its date may match one application per year and register: the newest few are tried.
MAX_CANDIDATES = 5


def find(number: str, code: str):
    """The application with this number and code, or None.

    The number of hash checks depends only on the form of what was typed (with the date: one, the full
    number is unique; without it: ``MAX_CANDIDATES``), never on how many applications match, so the
    answer time tells nothing about which numbers exist. Missing candidates are checked against a dummy
    hash; every slot is checked even after a match.
    """
    key = access.number_key(number)
    full = "/" in key
    field = "number_key" if full else "number_short_key"
    slots = 1 if full else MAX_CANDIDATES
    candidates = list(ServiceApplication.objects.filter(**{field: key}).order_by("-submitted_at")[:slots])
    found = None
    for slot in range(slots):
        candidate = candidates[slot] if slot < len(candidates) else None
        matches = access.check_code(code, candidate.access_code_hash if candidate else None)
        if matches and found is None:
            found = candidate
    return found


def _application_for(request, public_id) -> ServiceApplication:
    application = (
        ServiceApplication.objects.select_related("document", "service").filter(public_id=public_id).first()
    )
    if application is None or not session.has_access(request, application):
        raise Http404
    return application


def _answers(application):
    """The outgoing documents that answer the application, with their files and generated letters."""
    from django.db.models import Prefetch

    from documents.models import Document, GeneratedFile

    return list(
        Document.objects.filter(in_reply_to=application.document, is_cancelled=False)
        .prefetch_related(
            "attachments",
            Prefetch(
                "generated_files",
                queryset=GeneratedFile.objects.filter(kind=GeneratedFile.Kind.LETTER),
                to_attr="letters",
            ),
        )
        .order_by("registered_at")
    )


def _downloadable_document_ids(application) -> set[int]:
    ids = {application.document_id}
    ids.update(d.pk for d in _answers(application))
    ids.update(
        application.events.exclude(related_document=None).values_list("related_document_id", flat=True)
    )
    return ids


@never_cache
def status(request, public_id):
    try:
        application = _application_for(request, public_id)
    except Http404:
        messages.info(request, _("Please enter the incoming number and the access code."))
        return HttpResponseRedirect(reverse("services:track"))
    document = application.document
    events = list(application.events.select_related("related_document"))
    info_request = next((e for e in reversed(events) if e.kind == ApplicationEvent.Kind.INFO_REQUESTED), None)
    context = {
        "application": application,
        "document": document,
        "events": events,
        "answers": _answers(application),
        "own_attachments": list(document.attachments.order_by("pk")),
        "info_requested": document.status == "info_requested",
        "info_request": info_request,
        "can_withdraw": document.status in OPEN_STATUSES and not document.is_cancelled,
        "supplement_form": SupplementForm(),
    }
    return render(request, "services/status.html", context)


@never_cache
def receipt(request, public_id):
    from services.tasks import ensure_receipt

    application = _application_for(request, public_id)
    application = ensure_receipt(application.pk)
    response = FileResponse(
        application.receipt_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"potvarzhdenie-{application.incoming_number.replace('/', '-')}.pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def attachment(request, public_id, attachment_id):
    from documents.models import Attachment

    application = _application_for(request, public_id)
    item = get_object_or_404(Attachment, pk=attachment_id)
    if item.document_id not in _downloadable_document_ids(application):
        raise Http404
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.original_name
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def letter(request, public_id, file_id):
    """The letter the registry generated for an answer."""
    from documents.models import GeneratedFile

    application = _application_for(request, public_id)
    item = get_object_or_404(
        GeneratedFile, pk=file_id, kind=GeneratedFile.Kind.LETTER, document__in_reply_to=application.document
    )
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.filename
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def supplement(request, public_id):
    """Missing documents after a request for information: a new incoming document linked to the first."""
    application = _application_for(request, public_id)
    document = application.document
    if document.status != "info_requested":
        messages.error(request, _("No additional documents are requested for this application now."))
        return HttpResponseRedirect(reverse("services:status", args=[public_id]))
    if security.limited(request, "services:supplement", conf.get("UPLOAD_RATE")):
        security.log_event("upload.rate_limited", request=request, application=application.pk)
        messages.error(request, _("Too many uploads from your connection. Please try again later."))
        return HttpResponseRedirect(reverse("services:status", args=[public_id]))
    # Before anything touches request.POST/FILES: they would parse and store the whole upload.
    if security.refuse_oversized_body(request, conf.get("MAX_TOTAL_BYTES"), application=application.pk):
        form = refused_form(
            SupplementForm,
            "files",
            _("The files together are larger than the limit. Please send fewer or smaller files."),
        )
        return _supplement_page(request, application, form, status=413)
    form = SupplementForm(request.POST, request.FILES)
    if not form.is_valid():
        security.log_rejected_uploads(request, form.rejected_uploads, application=application.pk)
    else:
        try:
            from services.supplements import register_supplement

            register_supplement(application, form)
        except ValidationError as exc:
            security.log_event(
                "upload.rejected", request=request, reason="registry_refused", application=application.pk
            )
            for text in exc.messages:
                form.add_error("files", text)
        else:
            messages.success(request, _("Thank you. Your documents were received and registered."))
            return HttpResponseRedirect(reverse("services:status", args=[public_id]))
    return _supplement_page(request, application, form)


def _supplement_page(request, application, form, status=200):
    """The status page again, with the refused documents' errors on the form."""
    document = application.document
    context = {
        "application": application,
        "document": document,
        "events": list(application.events.all()),
        "answers": _answers(application),
        "own_attachments": list(document.attachments.order_by("pk")),
        "info_requested": True,
        "info_request": application.events.filter(kind=ApplicationEvent.Kind.INFO_REQUESTED).last(),
        "can_withdraw": True,
        "supplement_form": form,
    }
    return render(request, "services/status.html", context, status=status)


@never_cache
def withdraw(request, public_id):
    from documents import actions
    from documents.actors import PORTAL

    application = _application_for(request, public_id)
    document = application.document
    if document.status not in OPEN_STATUSES or document.is_cancelled:
        messages.error(request, _("This application can no longer be withdrawn."))
        return HttpResponseRedirect(reverse("services:status", args=[public_id]))
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"] or "Оттеглено от заявителя през портала"
        with transaction.atomic():
            actions.withdraw(PORTAL, document, reason=reason)
        messages.success(request, _("Your application was withdrawn."))
        return HttpResponseRedirect(reverse("services:status", args=[public_id]))
    return render(request, "services/withdraw.html", {"application": application, "form": form})
