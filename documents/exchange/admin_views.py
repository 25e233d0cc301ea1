"""СЕОС screens in the Wagtail admin for registrars and managers.

- received documents (the default list: "waiting for registration"), each with its sender's data,
  attachments, history, and the forms to register it in the registry or to refuse it;
- sent documents with what their recipients reported (number, date, status), and the form to send;
- every message (inbox and outbox) with its signed XML, and "try again" for a failed delivery.
"""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from documents.views.base import log_denial

from . import actions, conf
from .actions import can_exchange
from .forms import ImportParticipantsForm, RegisterReceivedForm, RejectReceivedForm, SendDocumentForm
from .models import ExchangedDocument, Message, StatusChange
from .wire import codec, safexml

PER_PAGE = 50


class ExchangeView(View):
    """Base: only registrars and managers; renders a template with the admin furniture."""

    template_name = ""
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_exchange(request.user):
            log_denial(request, 403)  # Wagtail turns the refusal into a redirect to the dashboard
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, context, status=200):
        context.setdefault("page_title", self.page_title)
        return TemplateResponse(request, self.template_name, context, status=status)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ReceivedIndexView(ExchangeView):
    template_name = "exchange/received_index.html"
    page_title = gettext_lazy("Received over СЕОС")
    statuses = [
        ("waiting", gettext_lazy("Waiting for registration"), [ExchangedDocument.Status.WAIT_REGISTRATION]),
        (
            "registered",
            gettext_lazy("Registered"),
            [
                ExchangedDocument.Status.REGISTERED,
                ExchangedDocument.Status.CLOSED,
                ExchangedDocument.Status.STOPPED,
            ],
        ),
        ("rejected", gettext_lazy("Refused"), [ExchangedDocument.Status.REJECTED]),
        ("all", gettext_lazy("All"), None),
    ]

    def get(self, request):
        tab = request.GET.get("status", "waiting")
        chosen = next((s for s in self.statuses if s[0] == tab), self.statuses[0])
        items = (
            ExchangedDocument.objects.filter(direction=ExchangedDocument.Direction.IN)
            .select_related("participant", "document")
            .annotate(attachment_count=Count("attachments"))
            .order_by("-created_at", "-pk")
        )
        if chosen[2] is not None:
            items = items.filter(status__in=chosen[2])
        page = Paginator(items, PER_PAGE).get_page(request.GET.get("p"))
        return self.render(request, {"items": page, "page": page, "tabs": self.statuses, "tab": chosen[0]})


class ReceivedDetailView(ExchangeView):
    template_name = "exchange/received_detail.html"
    page_title = gettext_lazy("Received document")

    def get_object(self, pk):
        return get_object_or_404(
            ExchangedDocument.objects.select_related(
                "participant", "document", "parent__document"
            ).prefetch_related(
                "attachments",
                Prefetch("history", queryset=StatusChange.objects.order_by("at", "pk")),
                Prefetch("messages", queryset=Message.objects.without_xml().order_by("created_at", "pk")),
            ),
            pk=pk,
            direction=ExchangedDocument.Direction.IN,
        )

    def context(self, request, exchanged, register_form=None, reject_form=None):
        return {
            "item": exchanged,
            "register_form": register_form or RegisterReceivedForm(user=request.user, exchanged=exchanged),
            "reject_form": reject_form or RejectReceivedForm(),
        }

    def get(self, request, pk):
        exchanged = self.get_object(pk)
        return self.render(request, self.context(request, exchanged))

    def post(self, request, pk):
        exchanged = self.get_object(pk)
        if "reject" in request.POST:
            form = RejectReceivedForm(request.POST)
            if form.is_valid():
                try:
                    actions.reject_received(request.user, exchanged, reason=form.cleaned_data["reason"])
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    messages.success(request, _("The document was refused; the sender is being notified."))
                    return redirect("exchange_admin:received", pk=exchanged.pk)
            return self.render(request, self.context(request, exchanged, reject_form=form), status=400)
        form = RegisterReceivedForm(request.POST, user=request.user, exchanged=exchanged)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = actions.register_received(
                    request.user,
                    exchanged,
                    register=data["register"],
                    kind=data["kind"],
                    subject=data["subject"],
                    deadline=data["deadline"],
                    assignee=data["assignee"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Registered as %(number)s; the sender is being notified.")
                    % {"number": document.formatted_number},
                )
                return redirect("exchange_admin:received", pk=exchanged.pk)
        return self.render(request, self.context(request, exchanged, register_form=form), status=400)


class ReceivedAttachmentView(ExchangeView):
    """One received file, taken from the signed message and checked against the SHA-256 noted on arrival."""

    def get(self, request, pk, position):
        exchanged = get_object_or_404(ExchangedDocument, pk=pk, direction=ExchangedDocument.Direction.IN)
        row = get_object_or_404(exchanged.attachments, position=position)
        request_message = (
            exchanged.messages.filter(direction=Message.Direction.IN, type="MSG_DocumentRegistrationRequest")
            .order_by("created_at", "pk")
            .first()
        )
        if request_message is None:
            raise Http404
        message = codec.parse(safexml.parse(request_message.raw_xml.encode("utf-8"), conf.parse_limits()))
        try:
            content = message.body.document.attachments[position].content
        except IndexError as exc:
            raise Http404 from exc
        if Message.digest(content) != row.sha256:
            raise Http404
        return FileResponse(
            io.BytesIO(content), as_attachment=True, filename=row.file_name, content_type=row.content_type
        )


class SentIndexView(ExchangeView):
    template_name = "exchange/sent_index.html"
    page_title = gettext_lazy("Sent over СЕОС")

    def get(self, request):
        items = (
            ExchangedDocument.objects.filter(direction=ExchangedDocument.Direction.OUT)
            .select_related("participant", "document")
            .order_by("-created_at", "-pk")
        )
        page = Paginator(items, PER_PAGE).get_page(request.GET.get("p"))
        return self.render(request, {"items": page, "page": page})


class SentDetailView(ExchangeView):
    template_name = "exchange/sent_detail.html"
    page_title = gettext_lazy("Sent document")

    def get_object(self, pk):
        return get_object_or_404(
            ExchangedDocument.objects.select_related("participant", "document").prefetch_related(
                Prefetch("history", queryset=StatusChange.objects.order_by("at", "pk")),
                Prefetch("messages", queryset=Message.objects.without_xml().order_by("created_at", "pk")),
            ),
            pk=pk,
            direction=ExchangedDocument.Direction.OUT,
        )

    def get(self, request, pk):
        return self.render(request, {"item": self.get_object(pk)})

    def post(self, request, pk):
        exchanged = self.get_object(pk)
        actions.request_status(request.user, exchanged)
        messages.success(request, _("The recipient is being asked for the status."))
        return redirect("exchange_admin:sent", pk=exchanged.pk)


class SendView(ExchangeView):
    template_name = "exchange/send.html"
    page_title = gettext_lazy("Send a document over СЕОС")

    def get(self, request):
        initial = {"document": request.GET.get("document")} if request.GET.get("document") else {}
        return self.render(request, {"form": SendDocumentForm(user=request.user, initial=initial)})

    def post(self, request):
        form = SendDocumentForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.send_document(
                    request.user,
                    data["document"],
                    data["participants"],
                    comment=data["comment"],
                    requested_close_date=data["requested_close_date"],
                    attention_to=data["attention_to"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The document is being sent."))
                return redirect("exchange_admin:sent_index")
        return self.render(request, {"form": form}, status=400)


class RetryMessageView(ExchangeView):
    """Confirm (GET) and put a failed outbound message back into the outbox (POST)."""

    template_name = "exchange/retry.html"
    page_title = gettext_lazy("Try the delivery again")

    def get(self, request, pk):
        return self.render(request, {"message": get_object_or_404(Message.objects.without_xml(), pk=pk)})

    def post(self, request, pk):
        message = get_object_or_404(Message.objects.without_xml(), pk=pk)
        if actions.retry_message(request.user, message):
            messages.success(request, _("The message is queued for delivery again."))
        else:
            messages.error(request, _("Only a message whose delivery failed can be tried again."))
        return redirect(reverse("exchange_message:inspect", args=[message.pk]))


class ImportParticipantsView(View):
    """Upload the registry's GetAllRecords answer or a CSV (administrators who may add participants)."""

    template_name = "exchange/participants_import.html"

    def dispatch(self, request, *args, **kwargs):
        from .models import Participant

        if not request.user.has_perm(f"exchange.add_{Participant._meta.model_name}"):
            log_denial(request, 403)
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return TemplateResponse(
            request,
            self.template_name,
            {"form": ImportParticipantsForm(), "page_title": _("Import participants")},
        )

    def post(self, request):
        from . import participants_import

        form = ImportParticipantsForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                records = participants_import.read_file(upload.name, upload.read())
            except (ValidationError, ValueError) as exc:
                form.add_error("file", str(exc))
            else:
                result = participants_import.import_records(records)
                if result.errors:
                    form.add_error("file", _("Nothing was imported; correct the file and try again."))
                else:
                    messages.success(
                        request,
                        _("Participants: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect("exchange_participant:index")
        return TemplateResponse(
            request,
            self.template_name,
            {"form": form, "result": result, "page_title": _("Import participants")},
            status=400,
        )
