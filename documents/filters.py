"""Filters of the document lists (django-filter), built so that each one can use an index.

- the date range becomes a range on ``registered_at`` (local day boundaries), not ``__date``, so the
  ``(register, -registered_at)`` index serves it;
- "search" uses ``Document.objects.search`` (PostgreSQL full text, GIN index; icontains on SQLite);
- "correspondent" narrows with the same full-text index first and then checks the names themselves;
- "overdue" is ``DocumentQuerySet.overdue`` (status + deadline index).
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms import DateInput, UserChoiceField, assignable_users
from documents.models import Department, Document, Register
from documents.search import search_documents

CANCELLED = "cancelled"


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


class DocumentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Words from the subject or a correspondent's name, or a full registration number."),
    )
    register = django_filters.ModelChoiceFilter(
        label=_("Register"), queryset=Register.objects.order_by("index"), empty_label=_("All registers")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="year", widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        empty_label=_("Any status"),
        choices=[*Document.Status.choices, (CANCELLED, _("cancelled"))],
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of document"), choices=Document.Kind.choices, empty_label=_("Any kind")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Document.Channel.choices, empty_label=_("Any channel")
    )
    correspondent = django_filters.CharFilter(label=_("Correspondent"), method="filter_correspondent")
    assignee = UserFilter(
        label=_("Assignee"), queryset=lambda request: assignable_users(), empty_label=_("Anyone")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all(), empty_label=_("Any department")
    )
    date_from = django_filters.DateFilter(
        label=_("Registered from"), method="filter_date_from", widget=DateInput()
    )
    date_to = django_filters.DateFilter(label=_("Registered to"), method="filter_date_to", widget=DateInput())
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Document
        fields = []

    def __init__(self, *args, fixed_register=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_register is not None:
            # A register's own list: the register is given by the URL.
            del self.filters["register"]
            self.form.fields.pop("register", None)
        for field in self.form.fields.values():
            field.required = False

    def filter_search(self, queryset, name, value):
        return search_documents(queryset, value)

    def filter_status(self, queryset, name, value):
        if value == CANCELLED:
            return queryset.filter(is_cancelled=True)
        return queryset.filter(status=value, is_cancelled=False)

    def filter_correspondent(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # SQLite folds ASCII case only: accept the usual Cyrillic spellings too (as documents.search does).
        names = Q()
        for variant in {value, value.lower(), value.upper(), value.capitalize(), value.title()}:
            names |= Q(correspondent_names__icontains=variant)
        return search_documents(queryset, value).filter(names)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(registered_at__gte=_day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(registered_at__lt=_day_start(value + datetime.timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
