"""Registering incoming and outgoing documents: forms in, ``documents.actions`` does the work.

On bad input the action raises before writing anything; its messages go back onto the form fields and
into the error summary at the top of the page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import actions, permissions
from documents.forms import CorrespondentForm, RegisterIncomingForm, RegisterOutgoingForm, apply_action_errors
from documents.views.base import RegistryView, url

RECIPIENT_ROWS = 3


def _can_register_incoming(user) -> bool:
    return permissions.is_manager(user) or permissions.is_registrar(user)


class RegisterDocumentView(RegistryView):
    template_name = "documents/admin/register_form.html"
    form_class = None
    direction = None
    party_prefix = "sender"
    party_rows = 1
    party_legend = ""

    def show_egn(self, form) -> bool:
        return any(r.requires_egn for r in form.fields["register"].queryset)

    def get_forms(self, data=None, files=None):
        form = self.form_class(data, files, user=self.request.user, initial=self.initial())
        show_egn = self.show_egn(form)
        parties = [
            CorrespondentForm(data, prefix=f"{self.party_prefix}-{i}", show_egn=show_egn)
            for i in range(self.party_rows)
        ]
        return form, parties

    def initial(self):
        register = self.request.GET.get("register")
        return {"register": register} if register and register.isdigit() else {}

    def get(self, request):
        form, parties = self.get_forms()
        return self.show(form, parties)

    def post(self, request):
        form, parties = self.get_forms(request.POST, request.FILES)
        valid = form.is_valid()
        valid = all([p.is_valid() for p in parties]) and valid
        if not valid:
            return self.show(form, parties, status=200)
        correspondents = [p for p in (party.as_party() for party in parties) if p]
        try:
            document = self.perform(form.cleaned_data, correspondents)
        except ValidationError as exc:
            # "correspondents" errors (missing sender, a bad ЕИК...) go to the first correspondent block.
            apply_action_errors(exc, [(form, {}), (parties[0], {"correspondents": "name"})])
            return self.show(form, parties, status=200)
        messages.success(
            request,
            _("Registered with number %(number)s.") % {"number": document.formatted_number},
        )
        return redirect(url("document", document.pk))

    def show(self, form, parties, status=200):
        form.describe_widgets()
        for party in parties:
            party.describe_widgets()
        return self.render(
            {
                "form": form,
                "parties": parties,
                "all_forms": [form, *parties],
                "party_legend": self.party_legend,
                "has_errors": form.errors or any(p.errors for p in parties),
                "no_registers": not form.fields["register"].queryset.exists(),
            },
            status=status,
        )


class RegisterIncomingView(RegisterDocumentView):
    page_title = gettext_lazy("Register an incoming document")
    form_class = RegisterIncomingForm
    party_prefix = "sender"
    party_rows = 1
    party_legend = gettext_lazy("Sender")
    access_check = staticmethod(_can_register_incoming)
    denied_message = gettext_lazy("Only registrars register incoming documents.")

    def perform(self, data, correspondents):
        return actions.register_incoming(
            self.request.user,
            register=data["register"],
            subject=data["subject"],
            kind=data["kind"],
            channel=data["channel"],
            correspondents=correspondents,
            files=data["files"],
            deadline=data["deadline"],
            sender_reference=data["sender_reference"],
            sender_date=data["sender_date"],
            sheets=data["sheets"],
            note=data["note"],
            assignee=data["assignee"],
            department=data["department"],
        )


class RegisterOutgoingView(RegisterDocumentView):
    page_title = gettext_lazy("Register an outgoing document")
    form_class = RegisterOutgoingForm
    party_prefix = "recipient"
    party_rows = RECIPIENT_ROWS
    party_legend = gettext_lazy("Recipient")

    def perform(self, data, correspondents):
        return actions.register_outgoing(
            self.request.user,
            register=data["register"],
            subject=data["subject"],
            kind=data["kind"],
            channel=data["channel"],
            correspondents=correspondents,
            files=data["files"],
            sheets=data["sheets"],
            note=data["note"],
            department=data["department"],
            case_file=data["case_file"],
        )
