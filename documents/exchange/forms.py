"""Forms of the СЕОС admin screens; actions do the checking, forms collect and label the input."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import permissions
from documents.models import Document, Register

from .models import Participant
from .protocol import registry_kind


class DateInput(forms.DateInput):
    input_type = "date"


class RegisterReceivedForm(forms.Form):
    register = forms.ModelChoiceField(Register.objects.none(), label=_("Register"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    assignee = forms.ModelChoiceField(get_user_model().objects.none(), label=_("Assign to"), required=False)

    def __init__(self, *args, user, exchanged, **kwargs):
        initial = kwargs.setdefault("initial", {})
        seos_register = Register.objects.for_purpose(Register.Purpose.SEOS)
        initial.setdefault("register", seos_register.pk if seos_register else None)
        initial.setdefault("kind", registry_kind(exchanged.kind))
        initial.setdefault("subject", exchanged.about or exchanged.kind)
        initial.setdefault("deadline", exchanged.requested_close_date)
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = permissions.usable_registers(user).filter(
            direction=Register.Direction.INCOMING
        )
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__permissions__codename="process_document")
            .distinct()
            .order_by("last_name", "first_name")
        )


class RejectReceivedForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sender receives this text."),
    )


class SendDocumentForm(forms.Form):
    document = forms.ModelChoiceField(Document.objects.none(), label=_("Outgoing document"))
    participants = forms.ModelMultipleChoiceField(
        Participant.objects.none(), label=_("Send to"), widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(label=_("Comment on sending"), max_length=1000, required=False)
    requested_close_date = forms.DateField(label=_("Requested deadline"), required=False, widget=DateInput)
    attention_to = forms.CharField(label=_("For the attention of"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Outgoing documents of the last year the user may see (older ones are sent from the command line).
        since = timezone.now() - datetime.timedelta(days=365)
        self.fields["document"].queryset = (
            permissions.visible_documents(user)
            .filter(
                register__direction=Register.Direction.OUTGOING, is_cancelled=False, registered_at__gte=since
            )
            .select_related("register")
            .order_by("-registered_at")
        )
        self.fields["participants"].queryset = Participant.objects.can_receive()


class ImportParticipantsForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("The registry's GetAllRecords answer (XML) or a CSV file with a header row."),
    )
