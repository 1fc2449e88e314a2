"""Keeping the roll-ups current: every save or delete of a counted row recounts its bucket (a
centre and a fiscal year) in the same transaction, under a lock on the centre's roll-up so two
writers cannot interleave their recounts. ``rebuild`` does the same in bulk.

A bucket holds at most a few thousand rows, read through the centre's indexes, so a recount
costs a few milliseconds; the pages then read only ``Tally`` and ``Backlog``.
"""

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from centres.models import Centre
from clients.models import ClientGroup, GroupSnapshot, Person, Product, StarRating
from committees.models import Resolution, Round
from portal.lib.fiscal import fiscal_year
from portal.lib.signals import rows_written, upkeep_is_deferred
from reports.bulk import write_backlog, write_tallies
from reports.models import NOW, Backlog, Tally
from reports.rules import (
    COMMITTEE,
    EVENTS,
    FAMILIES,
    GROUPS,
    PERSONS,
    PRODUCTS,
    REFERRALS,
    REQUESTS,
    SNAPSHOTS,
    VISITS,
    Bucket,
    Cell,
    Family,
    backlog_of,
    local_day,
)
from resources.models import Event, Participant, Referral, Resource
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
    """Recount ``family``'s figures of each (centre, fiscal year) bucket from the raw rows: one
    read per centre, whatever number of its years (``NOW`` among them) changed."""
    years_of: dict[int, set[int]] = defaultdict(set)
    for centre_id, year in buckets:
        years_of[centre_id].add(year)
    if not years_of:
        return
    _lock(years_of)
    for centre_id, years in sorted(years_of.items()):
        Tally.objects.filter(
            centre_id=centre_id,
            fiscal_year__in=sorted(years),
            measure__startswith=f"{family.name}.",
        ).delete()
        _write(family, family.count([centre_id], years))


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


def _recount_all(
    family: Family, centre_ids: Collection[int] | None, years: Collection[int] | None
) -> int:
    old = Tally.objects.filter(measure__startswith=f"{family.name}.")
    if centre_ids is not None:
        old = old.filter(centre_id__in=list(centre_ids))
    if years is not None:
        old = old.filter(fiscal_year__in=list(years))
    old.delete()
    cells = family.count(centre_ids, years)
    _write(family, cells)
    return len(cells)


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


@transaction.atomic
def recount_centres(families: Iterable[Family], centre_ids: Collection[int]) -> None:
    """Every figure of these families at these centres, all years: after a bulk write."""
    if centre_ids:
        _lock(centre_ids)
        for family in families:
            _recount_all(family, centre_ids, None)


# -- signals ------------------------------------------------------------------------------------
# Each counted model remembers the fields its buckets are read from when it is loaded (post_init),
# so a save that moves it (another centre, another date, another group) recounts the bucket it
# left as well as the one it joined. A row counted at its parent's centre (a product, a yearly
# report, a resolution, a participant) finds that centre with one query per save.

State = dict[str, Any]


def _kept(handler: Callable[..., None]) -> Callable[..., None]:
    """A handler that recounts, unless the writer deferred the upkeep (portal.lib.signals:
    seed_demo rebuilds everything at its end instead)."""

    @functools.wraps(handler)
    def unless_deferred(*args, **kwargs) -> None:
        if not upkeep_is_deferred():
            handler(*args, **kwargs)

    return unless_deferred


@dataclass(frozen=True)
class Watch:
    family: Family
    fields: tuple[str, ...]  # what the buckets are read from
    buckets: Callable[[list[State]], set[Bucket]]  # the states before and after → buckets


def _dated(date_field: str, *, now: bool = False) -> Callable[[list[State]], set[Bucket]]:
    """(centre, fiscal year of ``date_field``), and (centre, NOW) when the family counts now."""

    def buckets(states: list[State]) -> set[Bucket]:
        found: set[Bucket] = set()
        for state in states:
            if state["centre_id"] is None:
                continue
            if now:
                found.add((state["centre_id"], NOW))
            if state[date_field] is not None:
                found.add((state["centre_id"], fiscal_year(local_day(state[date_field]))))
        return found

    return buckets


def _request_buckets(states: list[State]) -> set[Bucket]:
    return {
        (s["centre_id"], s["fiscal_year"])
        for s in states
        if s["centre_id"] is not None and s["fiscal_year"] is not None
    }


def _centres_of(model: type[Model], path: str, ids: set) -> list[int]:
    ids.discard(None)
    if not ids:
        return []
    found = model.objects.filter(pk__in=ids).order_by().values_list(path, flat=True)
    return list(found.distinct())


def _product_buckets(states: list[State]) -> set[Bucket]:
    groups = {s["group_id"] for s in states}
    return {(c, NOW) for c in _centres_of(ClientGroup, "centre_id", groups)}


def _rating_buckets(states: list[State]) -> set[Bucket]:
    products = {s["product_id"] for s in states}
    return {(c, NOW) for c in _centres_of(Product, "group__centre_id", products)}


def _snapshot_buckets(states: list[State]) -> set[Bucket]:
    groups = ClientGroup.objects.filter(pk__in={s["group_id"] for s in states}).order_by()
    centre_of = dict(groups.values_list("pk", "centre_id"))
    return {
        (centre_of[s["group_id"]], s["fiscal_year"])
        for s in states
        if s["group_id"] in centre_of and s["fiscal_year"] is not None
    }


def _resolution_buckets(states: list[State]) -> set[Bucket]:
    centres = _centres_of(Round, "centre_id", {s["round_id"] for s in states})
    years = {fiscal_year(local_day(s["recorded_at"])) for s in states if s["recorded_at"]}
    return {(c, y) for c in centres for y in years}


def _participant_buckets(states: list[State]) -> set[Bucket]:
    events = Event.objects.filter(pk__in={s["event_id"] for s in states}).order_by()
    return {(c, fiscal_year(day)) for c, day in events.values_list("centre_id", "starts_on")}


WATCHED: dict[type[Model], Watch] = {
    ServiceRequest: Watch(REQUESTS, ("centre_id", "fiscal_year"), _request_buckets),
    Visit: Watch(VISITS, ("centre_id", "planned_date"), _dated("planned_date")),
    ClientGroup: Watch(GROUPS, ("centre_id", "created_at", "kind"), _dated("created_at", now=True)),
    Person: Watch(PERSONS, ("centre_id", "created_at"), _dated("created_at", now=True)),
    Product: Watch(PRODUCTS, ("group_id",), _product_buckets),
    StarRating: Watch(PRODUCTS, ("product_id",), _rating_buckets),
    GroupSnapshot: Watch(SNAPSHOTS, ("group_id", "fiscal_year"), _snapshot_buckets),
    Round: Watch(COMMITTEE, ("centre_id", "opened_at"), _dated("opened_at")),
    Resolution: Watch(COMMITTEE, ("round_id", "recorded_at"), _resolution_buckets),
    Referral: Watch(REFERRALS, ("centre_id", "sent_on"), _dated("sent_on")),
    Event: Watch(EVENTS, ("centre_id", "starts_on"), _dated("starts_on")),
    Participant: Watch(EVENTS, ("event_id",), _participant_buckets),
}


def _remember(sender, instance, **kwargs) -> None:
    # Only from what was loaded: reading a deferred field here would cost a query per row.
    loaded = instance.__dict__
    fields = WATCHED[sender].fields
    known = instance.pk is not None and all(name in loaded for name in fields)
    instance._tally_state = {name: loaded[name] for name in fields} if known else None


@_kept
def _changed(sender, instance, created: bool = False, **kwargs) -> None:
    watch = WATCHED[sender]
    before: State | None = getattr(instance, "_tally_state", None)
    after = {name: getattr(instance, name) for name in watch.fields}
    buckets = watch.buckets([state for state in (before, after) if state is not None])
    recount(watch.family, buckets)
    if sender is ServiceRequest:
        recount_backlog({centre for centre, _ in buckets})
    if not created and kwargs.get("signal") is post_save:
        if sender is ClientGroup:
            _group_moved(instance, before, after)
        elif sender is Round:
            _round_moved(instance, before, after)
    instance._tally_state = after


def _group_moved(group: ClientGroup, before: State | None, after: State) -> None:
    """A group that changed centre or kind moves its yearly reports' figures (savings or fund
    capital follow the kind), its products' and its requests' (counted by client kind)."""
    if before is not None and (before["centre_id"], before["kind"]) == (
        after["centre_id"],
        after["kind"],
    ):
        return
    centres = {after["centre_id"]} | ({before["centre_id"]} if before else set())
    years = set(GroupSnapshot.objects.filter(group=group).values_list("fiscal_year", flat=True))
    recount(SNAPSHOTS, {(c, y) for c in centres for y in years})
    if before is None or before["centre_id"] != after["centre_id"]:
        recount(PRODUCTS, {(c, NOW) for c in centres})
    if before is None or before["kind"] != after["kind"]:
        requests = ServiceRequest.objects.filter(client_group=group).order_by()
        recount(REQUESTS, set(requests.values_list("centre_id", "fiscal_year").distinct()))


def _round_moved(round_: Round, before: State | None, after: State) -> None:
    """A case moved to another centre takes its resolutions' figures along."""
    if before is not None and before["centre_id"] == after["centre_id"]:
        return
    centres = {after["centre_id"]} | ({before["centre_id"]} if before else set())
    recorded = round_.resolutions.order_by().values_list("recorded_at", flat=True)
    years = {fiscal_year(local_day(moment)) for moment in recorded}
    recount(COMMITTEE, {(c, y) for c in centres for y in years})


@_kept
def _status_changed(sender, instance: StatusChange, **kwargs) -> None:
    request = ServiceRequest.objects.filter(pk=instance.request_id).only("centre_id", "fiscal_year")
    for found in request:
        recount(REQUESTS, {(found.centre_id, found.fiscal_year)})


@_kept
def _villages_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Visit):
        recount(
            VISITS,
            _dated("planned_date")([{f: getattr(instance, f) for f in WATCHED[Visit].fields}]),
        )


def _remember_kind(sender, instance: Resource, **kwargs) -> None:
    instance._tally_kind = instance.__dict__.get("kind") if instance.pk else None


@_kept
def _resource_changed(sender, instance: Resource, created: bool = False, **kwargs) -> None:
    """A resource that changed kind moves the figures of its referrals (counted by kind)."""
    if not created and getattr(instance, "_tally_kind", None) != instance.kind:
        sent = instance.referrals.order_by().values_list("centre_id", "sent_on").distinct()
        recount(REFERRALS, {(c, fiscal_year(day)) for c, day in sent})
    instance._tally_kind = instance.kind


# A bulk write (the registry's spreadsheet import) sends no model signals: it sends
# portal.lib.signals.rows_written, and the centres it wrote are recounted whole.
WRITTEN: dict[type[Model], tuple[Family, ...]] = {
    ClientGroup: (GROUPS, SNAPSHOTS, PRODUCTS),
    Person: (PERSONS,),
}


@_kept
def _rows_written(sender, centre_ids: Collection[int], fields=None, **kwargs) -> None:
    families = WRITTEN.get(sender, ())
    if sender is ClientGroup and fields is not None and "kind" in fields:
        families += (REQUESTS,)  # requests are counted by their client's kind; new groups have none
    recount_centres(families, centre_ids)


def connect() -> None:
    for model in WATCHED:
        name = model.__name__
        post_init.connect(_remember, sender=model, dispatch_uid=f"tally-init-{name}")
        post_save.connect(_changed, sender=model, dispatch_uid=f"tally-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"tally-del-{name}")
    post_save.connect(_status_changed, sender=StatusChange, dispatch_uid="tally-status")
    post_delete.connect(_status_changed, sender=StatusChange, dispatch_uid="tally-status-del")
    m2m_changed.connect(
        _villages_changed, sender=Visit.villages.through, dispatch_uid="tally-villages"
    )
    post_init.connect(_remember_kind, sender=Resource, dispatch_uid="tally-init-resource")
    post_save.connect(_resource_changed, sender=Resource, dispatch_uid="tally-save-resource")
    rows_written.connect(_rows_written, dispatch_uid="tally-rows-written")
