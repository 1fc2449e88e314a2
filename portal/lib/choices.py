"""Choices read from small tables, kept a while by each app server (issue 8).

A list page offers a dozen filters above its rows; several take their choices from tables
that change a few times a year (the services, a centre's staff, a district's subdistricts and
villages, the first fiscal year a centre numbered). Read on every page, they were five of the
request list's twelve queries and a third of its time at national scale. They are kept for
``settings.FILTER_CHOICES_SECONDS`` in the app server's cache, keyed by the SQL that reads them
(so two users who see the same centres share them, and nobody gets another scope's) and the
language of their labels. A choice added meanwhile is offered once the time is up; a value
that is chosen is always checked against the database by the form, never against this copy.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.utils.translation import get_language

T = TypeVar("T")


def kept(queryset: QuerySet, read: Callable[[QuerySet], T], *, kind: str) -> T:
    """``read(queryset)``, or what it returned for the same query and language in the last
    FILTER_CHOICES_SECONDS. ``kind`` names what ``read`` makes of the rows (two readers of one
    query keep their results apart)."""
    seconds = settings.FILTER_CHOICES_SECONDS
    if not seconds:
        return read(queryset)
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter on an empty list: nothing to read or keep
        return read(queryset)
    text = f"{kind}\n{get_language()}\n{sql}\n{params!r}"
    key = "choices:" + hashlib.sha256(text.encode()).hexdigest()
    return cast(T, cache.get_or_set(key, lambda: read(queryset), seconds))  # None is kept too
