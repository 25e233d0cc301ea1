"""Filters of the public catalogue (django-filter): section, online application, free or paid."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from services.choices import PaymentKind
from services.models import ServicePage, ServiceSection


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_noop", widget=forms.TextInput(attrs={"type": "search"})
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"),
        queryset=ServiceSection.objects.none(),
        to_field_name="slug",
        empty_label=_("All sections"),
    )
    online = django_filters.BooleanFilter(
        label=_("Can be requested online"),
        field_name="online_application_open",
        widget=forms.CheckboxInput,
        method="filter_online",
    )
    cost = django_filters.ChoiceFilter(
        label=_("Fee"),
        choices=[("free", _("Free of charge")), ("paid", _("With a fee or price"))],
        empty_label=_("Free and paid"),
        method="filter_cost",
    )

    class Meta:
        model = ServicePage
        fields = ["q", "section", "online", "cost"]

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = ServiceSection.objects.all()
        if locale is not None:
            sections = sections.filter(locale=locale)
        self.filters["section"].queryset = sections

    def filter_noop(self, queryset, name, value):
        # Full-text search runs after the filters (see services.views.catalogue).
        return queryset

    def filter_online(self, queryset, name, value):
        # An unchecked box means "all", not "only those closed online".
        return queryset.filter(online_application_open=True) if value else queryset

    def filter_cost(self, queryset, name, value):
        if value == "free":
            return queryset.filter(payment_kind=PaymentKind.FREE)
        if value == "paid":
            return queryset.exclude(payment_kind=PaymentKind.FREE)
        return queryset
