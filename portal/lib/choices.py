"""Choices read from small tables, kept a while by each app server (issue 8).

A list page offers a dozen filters above its rows; several take their choices from tables
that change a few times a year (the services, a centre's staff, a district's subdistricts and
villages, the first fiscal year a centre numbered). Read on every page, they were five of the
request list's twelve queries and a third of its time at national scale. They are kept for
``settings.FILTER_CHOICES_SECONDS`` in the app server's cache, keyed by the SQL that reads them
(so two users who see the same centres share them, and nobody gets another scope's) and the
language of their labels. A choice added meanwhile is offered once the time is up; a value
that is chosen is always checked against the database by the form, never against this copy.

The filter fields written from those choices are kept the same way (:func:`kept_markup`):
writing a district's villages and a dozen selects was a third of a list page's Python.

Everything kept here lives until the end of the current period of FILTER_CHOICES_SECONDS
(counted from the epoch), not that long from when it was read: markup written from choices
read a minute ago must not outlive them, so both go at the period's end, and a choice added
meanwhile is offered within FILTER_CHOICES_SECONDS, whichever copy a page reads.
"""

import hashlib
import time
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils.translation import get_language

T = TypeVar("T")


def kept(queryset: QuerySet, read: Callable[[QuerySet], T], *, kind: str) -> T:
    """``read(queryset)``, or what it returned for the same query and language in this period
    of FILTER_CHOICES_SECONDS. ``kind`` names what ``read`` makes of the rows (two readers of
    one query keep their results apart)."""
    if not settings.FILTER_CHOICES_SECONDS:
        return read(queryset)
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter on an empty list: nothing to read or keep
        return read(queryset)
    return _keep(f"{kind}\n{sql}\n{params!r}", lambda: read(queryset))


def kept_markup(parts: tuple[Hashable, ...], write: Callable[[], str]) -> str:
    """``write()``, or what it returned for the same ``parts`` and language in this period.
    ``parts`` must name everything the markup depends on (the form, the user's scope, the
    values chosen, the day): users with the same parts share it."""
    if not settings.FILTER_CHOICES_SECONDS:
        return write()
    return _keep(f"markup\n{parts!r}", write)


def _keep(text: str, make: Callable[[], T]) -> T:
    seconds = settings.FILTER_CHOICES_SECONDS
    period, into = divmod(time.time(), seconds)
    text = f"{int(period)}\n{get_language()}\n{text}"
    key = "choices:" + hashlib.sha256(text.encode()).hexdigest()
    left = max(1, round(seconds - into))  # the period's end; a last second rounds up to one
    return cast(T, cache.get_or_set(key, make, left))  # None is kept too
