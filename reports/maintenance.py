"""Keeping the roll-ups current: every save or delete of a counted row recounts its bucket (a
centre and a fiscal year) in the same transaction, under a lock on the centre's roll-up so two
writers cannot interleave their recounts. ``rebuild`` does the same in bulk.

A bucket holds at most a few thousand rows, read through the centre's indexes, so a recount
costs a few milliseconds; the pages then read only ``Tally`` and ``Backlog``.
"""

from collections.abc import Collection, Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from centres.models import Centre
from clients.models import ClientGroup
from portal.lib.fiscal import fiscal_year
from reports.bulk import write_backlog, write_tallies
from reports.models import Backlog, Tally
from reports.rules import FAMILIES, REQUESTS, VISITS, Bucket, Cell, Family, backlog_of, local_day
from services.models import ServiceRequest, StatusChange, Visit

BATCH = 5000
REBUILD_CENTRES = 50  # centres a rebuild counts and writes at a time


def _lock(centre_ids: Iterable[int]) -> None:
    """Serialise recounts per centre (PostgreSQL; in id order, so two never deadlock). FOR NO
    KEY UPDATE does not block the inserts of rows that refer to the centre."""
    ids = sorted(set(centre_ids))
    list(Centre.objects.select_for_update(no_key=True).filter(pk__in=ids).values_list("pk"))


def _write(family: Family, cells: dict[Cell, Decimal]) -> None:
    Tally.objects.bulk_create(
        [
            Tally(centre_id=c, fiscal_year=y, month=m, measure=measure, value=value)
            for (c, y, m, measure), value in cells.items()
        ],
        batch_size=BATCH,
    )


@transaction.atomic
def recount(family: Family, buckets: Collection[Bucket]) -> None:
    """Recount ``family``'s figures of each (centre, fiscal year) bucket from the raw rows."""
    if not buckets:
        return
    _lock(centre for centre, _ in buckets)
    for centre_id, year in sorted(set(buckets)):
        Tally.objects.filter(
            centre_id=centre_id, fiscal_year=year, measure__startswith=f"{family.name}."
        ).delete()
        _write(family, family.count([centre_id], [year]))


@transaction.atomic
def recount_backlog(centre_ids: Collection[int]) -> None:
    _lock(centre_ids)
    Backlog.objects.filter(centre_id__in=centre_ids).delete()
    _write_backlog(backlog_of(centre_ids))


def _write_backlog(counts) -> None:
    Backlog.objects.bulk_create(
        [
            Backlog(centre_id=c, due_date=due, open=o, unassigned=u, urgent=g)
            for (c, due), (o, u, g) in counts.items()
        ],
        batch_size=BATCH,
    )


def rebuild(centre_ids: Collection[int] | None = None, years: Collection[int] | None = None) -> int:
    """Recount every family for these centres and fiscal years (all when None) in bulk, a few
    centres at a time (memory stays bounded at national scale), written with COPY on
    PostgreSQL (reports/bulk.py). Returns the number of figures written.

    Each chunk of centres is a transaction of its own under the same lock as the recounts, so
    a rebuild while people work holds up a centre's writes for a moment, not for the whole
    country's rebuild, and never interleaves with a recount of the same centre."""
    if centre_ids is None:
        centre_ids = list(Centre.objects.order_by("pk").values_list("pk", flat=True))
    ids = sorted(centre_ids)
    return sum(
        _rebuild_chunk(ids[i : i + REBUILD_CENTRES], years)
        for i in range(0, len(ids), REBUILD_CENTRES)
    )


@transaction.atomic
def _rebuild_chunk(chunk: list[int], years: Collection[int] | None) -> int:
    _lock(chunk)
    written = 0
    for family in FAMILIES.values():
        old = Tally.objects.filter(centre_id__in=chunk, measure__startswith=f"{family.name}.")
        if years is not None:
            old = old.filter(fiscal_year__in=years)
        old.delete()
        cells = family.count(chunk, years)
        write_tallies(cells)
        written += len(cells)
    Backlog.objects.filter(centre_id__in=chunk).delete()
    write_backlog(backlog_of(chunk))
    return written


# -- signals ------------------------------------------------------------------------------------
# Each counted model remembers the bucket it was loaded in (post_init), so a save that moves it
# (another centre, another date) recounts the bucket it left as well as the one it joined.


def _request_bucket(request: ServiceRequest) -> Bucket | None:
    if request.centre_id is None or request.fiscal_year is None:
        return None
    return (request.centre_id, request.fiscal_year)


def _visit_bucket(visit: Visit) -> Bucket | None:
    if visit.centre_id is None or visit.planned_date is None:
        return None
    return (visit.centre_id, fiscal_year(local_day(visit.planned_date)))


BUCKET_OF = {ServiceRequest: (REQUESTS, _request_bucket), Visit: (VISITS, _visit_bucket)}


def _remember(sender, instance, **kwargs) -> None:
    # Only from what was loaded: reading a deferred field here would cost a query per row.
    loaded = instance.__dict__
    if instance.pk is None or "centre_id" not in loaded:
        instance._tally_bucket = None
    else:
        instance._tally_bucket = BUCKET_OF[sender][1](instance) if _loaded(sender, loaded) else None


def _loaded(sender, loaded: dict) -> bool:
    return ("fiscal_year" if sender is ServiceRequest else "planned_date") in loaded


def _changed(sender, instance, **kwargs) -> None:
    family, bucket_of = BUCKET_OF[sender]
    buckets = {bucket_of(instance), getattr(instance, "_tally_bucket", None)} - {None}
    recount(family, buckets)
    if sender is ServiceRequest:
        recount_backlog({centre for centre, _ in buckets})
    instance._tally_bucket = bucket_of(instance)


def _status_changed(sender, instance: StatusChange, **kwargs) -> None:
    request = ServiceRequest.objects.filter(pk=instance.request_id).only("centre_id", "fiscal_year")
    for found in request:
        recount(REQUESTS, {(found.centre_id, found.fiscal_year)})


def _villages_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Visit):
        bucket = _visit_bucket(instance)
        if bucket:
            recount(VISITS, {bucket})


def _remember_kind(sender, instance: ClientGroup, **kwargs) -> None:
    instance._tally_kind = instance.__dict__.get("kind")


def _group_changed(sender, instance: ClientGroup, created: bool = False, **kwargs) -> None:
    """A group's requests count by its kind (``requests.client.<kind>``): an edit of the kind
    recounts the buckets of its requests."""
    if not created and instance.kind != getattr(instance, "_tally_kind", None):
        buckets = (
            ServiceRequest.objects.filter(client_group=instance)
            .order_by()
            .values_list("centre_id", "fiscal_year")
            .distinct()
        )
        recount(REQUESTS, set(buckets))
    instance._tally_kind = instance.kind


def connect() -> None:
    for model in BUCKET_OF:
        post_init.connect(_remember, sender=model, dispatch_uid=f"tally-init-{model.__name__}")
        post_save.connect(_changed, sender=model, dispatch_uid=f"tally-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"tally-del-{model.__name__}")
    post_save.connect(_status_changed, sender=StatusChange, dispatch_uid="tally-status")
    post_delete.connect(_status_changed, sender=StatusChange, dispatch_uid="tally-status-del")
    post_init.connect(_remember_kind, sender=ClientGroup, dispatch_uid="tally-init-group-kind")
    post_save.connect(_group_changed, sender=ClientGroup, dispatch_uid="tally-group-kind")
    m2m_changed.connect(
        _villages_changed, sender=Visit.villages.through, dispatch_uid="tally-villages"
    )
