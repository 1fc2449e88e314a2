"""List filters bound to a page's query string, leniently.

A query string is not a submitted form: it comes from a bookmark, a link in an e-mail or a
page opened last month, and a value it holds may no longer be offered (a month that has left
the list, an assignee who left the centre). Such a value is dropped, the list is shown without
it, and a notice says so: the page answers 200, never 422 (which is for a form the user just
submitted).
"""

from collections.abc import Callable, Iterator
from datetime import date
from typing import TypeVar

import django_filters
import django_filters.fields
from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.forms import KeptChoiceIterator
from portal.lib.dates import format_be_date

F = TypeVar("F")


def _form_of(filters: object) -> forms.BaseForm:
    """A plain form, or the form of a django-filter FilterSet."""
    return filters if isinstance(filters, forms.BaseForm) else filters.form  # type: ignore[attr-defined]


def bind_query_filters(
    request: HttpRequest, build: Callable[[QueryDict | None], F], *, notify: bool = True
) -> F:
    """``build(data)`` makes the filters; values the form refuses are dropped, with a notice
    unless ``notify`` is off (an export has no page to show it on)."""
    filters, dropped = bind_filters(request.GET.copy() if request.GET else None, build)
    if dropped and notify:
        messages.warning(
            request,
            _("The filter “%(filters)s” is no longer offered, so the list is shown without it.")
            % {"filters": ", ".join(dropped)},
        )
    return filters


def bind_filters(
    data: QueryDict | None, build: Callable[[QueryDict | None], F]
) -> tuple[F, list[str]]:
    """The same without a request (a background export binds the query string it kept):
    the filters, and the labels of the fields that were dropped."""
    filters = build(data)
    form = _form_of(filters)
    dropped: list[str] = []
    # Each pass drops at least one field, and a choice may depend on another (the months on
    # the fiscal year), so a few passes at most.
    while data is not None and form.is_bound and not form.is_valid():
        refused = [name for name in form.errors if name in data]
        if not refused:
            break
        for name in refused:
            dropped.append(str(capfirst(form.fields[name].label or name)))
            data.pop(name)
        filters = build(data)
        form = _form_of(filters)
    return filters, dropped


def described_filters(filters: object) -> list[tuple[str, str]]:
    """The filters in force as (label, value) in the active language, e.g. for the summary
    of an export: the choices' labels, not their codes."""
    form = _form_of(filters)
    if not form.is_bound or not form.is_valid():
        return []
    described = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(value, QuerySet):
            value = list(value)
        if value is None or value == "" or value == []:
            continue
        described.append((str(capfirst(field.label or name)), _value_text(field, value)))
    return described


def _value_text(field: forms.Field, value: object) -> str:
    values = value if isinstance(value, list | tuple) else [value]
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): str(label) for key, label in _flat_choices(field.choices)}
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    return ", ".join(format_be_date(v) if isinstance(v, date) else str(v) for v in values)


def _flat_choices(choices) -> Iterator[tuple[object, object]]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


class KeptFilterChoiceIterator(django_filters.fields.ModelChoiceIterator, KeptChoiceIterator):
    """django-filter's choices (with its "none" choice), kept a while by the app server
    (portal.forms.KeptChoiceIterator)."""

    def __len__(self) -> int:
        return KeptChoiceIterator.__len__(self)  # the null choice is among those counted


class KeptFilterChoiceField(django_filters.fields.ModelChoiceField):
    iterator = KeptFilterChoiceIterator


class KeptModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter with its choices kept a while by the app server
    (portal.forms.KeptChoiceIterator)."""

    field_class = KeptFilterChoiceField
