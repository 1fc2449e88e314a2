"""Checking every row of an upload against the registry, and working out what to write.

``plan_import`` reads the registry in a few queries (the centre's subdistricts, villages and
groups; the persons the file names, in chunks), then goes through the rows in memory. The
plan lists each bad row with all its reasons (a problem in one cell does not hide another: a
check runs whenever the cells it reads are good), the rows that will create or update a
record, and the objects to create and to update; nothing is written here (see ``writing``).

Matching, so that importing the same file twice updates rather than duplicates:
- a group by its registration number within the centre and kind, else by its name in the
  same village (a registered group with another registration number is another group);
- a person by national ID, else by name, birth year and village;
- a membership by person and group (the current one, else the latest).
Empty cells leave what is stored as it is; a file adds and corrects, it never erases.

A plan is made once, at the upload, and kept with it (``pending``); the preview shows it and
the confirmation writes it while ``changed_since_planned`` finds nothing in the registry that
could make it wrong, and otherwise plans again.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q, QuerySet
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.functional import LazyObject, Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Subdistrict, Village
from clients.imports.cleaning import PARSERS, REQUIRED, CellError
from clients.imports.columns import GROUPS, MEMBERSHIPS, PERSONS, TABLES, fold
from clients.imports.reading import Sheet, Upload
from clients.models import (
    ClientGroup,
    GroupKind,
    GroupMembership,
    GroupStatus,
    Person,
    Title,
)
from portal.lib.db import AnyOf

LOOKUP_CHUNK = 900  # values per IN (…): SQLite allows 999 parameters in a query
# A change stamped this long before a plan was made may still be one it did not see: another
# app server's clock runs a little behind, or its transaction had not committed yet (a web
# request, the only writer of the registry, ends within the worker's 30-s timeout).
CLOCK_MARGIN = timedelta(minutes=1)
ID_CHUNK = 30_000  # ids per query when asking after the records a plan read (SQLite: 32,766)

SUBDISTRICT_MISSING = _("Give the subdistrict code or name.")
SUBDISTRICT_UNKNOWN_CODE = _("Unknown subdistrict code %(code)s.")
SUBDISTRICT_OUTSIDE = _("Subdistrict %(code)s (%(name)s) is not in this centre's district.")
SUBDISTRICT_UNKNOWN_NAME = _("No subdistrict called “%(name)s” in this centre's district.")
SUBDISTRICT_MISMATCH = _("Subdistrict code %(code)s is %(name)s, not “%(given)s”.")
PRODUCER_TYPE_ONLY_OTOP = _("Only OTOP producers have a producer type.")
PRODUCER_TYPE_MISSING = _("Choose the OTOP producer type.")
DUPLICATE_REGISTRATION = _("The same kind and registration number are on row %(row)d.")
DUPLICATE_GROUP = _("The same group (name and village) is on row %(row)d.")
AMBIGUOUS_GROUP = _(
    "Several registered groups have this name in this village; give the registration number."
)
DUPLICATE_ID = _("The same national ID number is on row %(row)d.")
DUPLICATE_PERSON = _("The same person (name, birth year and village) is on row %(row)d.")
ID_OF_OTHER_CENTRE = _("This national ID number is registered by another centre.")
AMBIGUOUS_PERSON = _(
    "Several registered persons have this name, birth year and village; give the national "
    "ID number."
)
SAME_RECORD = _("This row and row %(row)d are about the same registered record.")
MEMBER_MISSING = _("Give the member's national ID number, or their first and last name.")
MEMBER_UNKNOWN_ID = _("No person with this national ID number in this file or at this centre.")
MEMBER_UNKNOWN_NAME = _("No person called %(name)s in this file or at this centre.")
MEMBER_AMBIGUOUS = _("Several persons are called %(name)s; give the national ID number.")
GROUP_MISSING = _("Give the group's registration number or name.")
GROUP_UNKNOWN = _("No group “%(value)s” in this file or at this centre.")
GROUP_AMBIGUOUS = _("Several groups match “%(value)s”; give the registration number and name.")
DUPLICATE_MEMBERSHIP = _("The same person and group are on row %(row)d.")
LEFT_BEFORE_JOINED = _("The leaving date is before the joining date.")
COLUMNS_IGNORED = _(
    "Sheet “%(sheet)s”: these columns are not in the template and are ignored: %(columns)s."
)
SHEET_SKIPPED = _("Sheet “%(sheet)s” has none of the template's headers and is skipped.")

_PLACE_KEYS = ("subdistrict_code", "subdistrict_name", "village_number", "village_name")


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str  # the Thai header of the column at fault
    message: str


@dataclass(frozen=True)
class PlannedRow:
    """A row that will create or update a record, as the preview lists it."""

    table: str
    sheet: str
    row: int
    action: str  # create or update
    label: str  # the record's name (never a national ID)
    changed: tuple[str, ...] = ()  # the Thai headers of the columns an update changes


@dataclass
class Counts:
    create: int = 0
    update: int = 0
    unchanged: int = 0
    invalid: int = 0


@dataclass
class Changes:
    """The objects of one model to write: new ones, and changed ones with the fields changed."""

    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    fields: set[str] = field(default_factory=set)


@dataclass
class ImportPlan:
    centre: Centre
    errors: list[RowError] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    villages: Changes = field(default_factory=Changes)
    groups: Changes = field(default_factory=Changes)
    persons: Changes = field(default_factory=Changes)
    memberships: Changes = field(default_factory=Changes)
    # What the plan depends on besides the file: when it read the registry, the language of
    # its messages, and the registered groups and persons it read.
    planned_at: datetime = field(default_factory=timezone.now)
    language: str = field(default_factory=get_language)
    groups_read: set[int] = field(default_factory=set)
    persons_read: set[int] = field(default_factory=set)
    to_show_only: bool = False  # read back without the objects to write (``from_json``)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        """The plan as plain data, kept between the upload and the confirmation (``pending``).

        The objects to write are kept as their fields' values, and a link to another new
        object of the plan (a new person's new village, a new membership's new group) as its
        place among them: pickling 10,000 instances took 0.2 s, and as long to read back."""
        objects = _PlanObjects(self)
        return {
            "centre": self.centre.pk,
            "errors": [list(vars(error).values()) for error in self.errors],
            "rows": [list(vars(row).values()) for row in self.rows],
            "notices": self.notices,
            "counts": {table: list(vars(counts).values()) for table, counts in self.counts.items()},
            "objects": {name: objects.encode(name) for name in CHANGES},
            "planned_at": self.planned_at.isoformat(),
            "language": self.language,
            "groups_read": sorted(self.groups_read),
            "persons_read": sorted(self.persons_read),
        }

    @classmethod
    def from_json(cls, data: dict, *, centre: Centre) -> "ImportPlan":
        """The plan ``as_json`` gave, for ``centre`` (which must be the one it was made for).
        Without its "objects" it shows what it would write but cannot be written."""
        if data["centre"] != centre.pk:
            raise ValueError("The plan was made for another centre.")
        plan = cls(
            centre=centre,
            errors=[RowError(*error) for error in data["errors"]],
            rows=[PlannedRow(t, s, n, a, label, tuple(c)) for t, s, n, a, label, c in data["rows"]],
            notices=data["notices"],
            counts={table: Counts(*counts) for table, counts in data["counts"].items()},
            planned_at=datetime.fromisoformat(data["planned_at"]),
            language=data["language"],
            groups_read=set(data["groups_read"]),
            persons_read=set(data["persons_read"]),
        )
        if "objects" in data:
            _PlanObjects.decode(plan, data["objects"])
        else:
            plan.to_show_only = True
        return plan

    @property
    def changes_anything(self) -> bool:
        return any(c.create or c.update for c in self.counts.values())


# The plan's objects to write, in the order they are written (a link points to an earlier one).
CHANGES = {
    "villages": Village,
    "groups": ClientGroup,
    "persons": Person,
    "memberships": GroupMembership,
}


class _PlanObjects:
    """Encoding a plan's Changes as values, and back: each new object has a place
    (which Changes, which index), by which other objects link to it before it has an id."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.places = {
            id(obj): (name, index)
            for name in CHANGES
            for index, obj in enumerate(getattr(plan, name).new)
        }

    def encode(self, name: str) -> dict:
        changes: Changes = getattr(self.plan, name)
        fields = CHANGES[name]._meta.concrete_fields
        return {
            "new": [self._values(obj, fields) for obj in changes.new],
            "changed": [self._values(obj, fields) for obj in changes.changed],
            "fields": sorted(changes.fields),
        }

    def _values(self, obj: models.Model, fields) -> list:
        """[values of the concrete fields, links]: a link is [field index, name, index]."""
        values, links = [], []
        for position, model_field in enumerate(fields):
            value = obj.__dict__[model_field.attname]
            if value is None and model_field.is_relation:
                place = self.places.get(id(model_field.get_cached_value(obj, None)))
                if place is not None:
                    links.append([position, *place])
            values.append(_to_json(value))
        return [values, links]

    @staticmethod
    def decode(plan: ImportPlan, data: dict) -> None:
        for name, model in CHANGES.items():
            fields = model._meta.concrete_fields
            changes: Changes = getattr(plan, name)
            changes.fields = set(data[name]["fields"])
            for kept, into, stored in (
                (data[name]["new"], changes.new, False),
                (data[name]["changed"], changes.changed, True),
            ):
                for values, links in kept:
                    obj = _restored(model, values, stored=stored)
                    for position, linked, index in links:
                        fields[position].set_cached_value(obj, getattr(plan, linked).new[index])
                    into.append(obj)


def _restored(model: type[models.Model], values: list, *, stored: bool) -> models.Model:
    """The instance whose concrete fields have ``values``, made as Django unpickles one
    (``__new__`` and its state, no ``__init__``): the two signals ``__init__`` sends per
    instance were half the time of reading back a 10,000-row plan."""
    obj = model.__new__(model)
    attnames, read_back = _attnames_and_readers(model)
    state = obj.__dict__
    state.update(zip(attnames, values, strict=True))
    for attname, read in read_back:
        if state[attname] is not None:
            state[attname] = read(state[attname])
    obj._state = ModelState()
    obj._state.adding = not stored
    obj._state.db = DEFAULT_DB_ALIAS if stored else None
    return obj


def _to_json(value):
    if value is None or isinstance(value, (str, int, float)):
        return value
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)  # Decimal


# The fields whose values JSON does not keep as they are, and what reads them back.
_READ_BACK = (models.DateField, models.DateTimeField, models.DecimalField)


@lru_cache(maxsize=8)
def _attnames_and_readers(model: type[models.Model]) -> tuple[list[str], list]:
    """The concrete fields' attnames, and (attname, reader) of those JSON does not keep."""
    fields = model._meta.concrete_fields
    read_back = [(f.attname, f.to_python) for f in fields if isinstance(f, _READ_BACK)]
    return [f.attname for f in fields], read_back


class RowProblem(Exception):
    def __init__(self, column: str, message: Promise | str) -> None:
        super().__init__(str(message))
        self.column = column
        self.message = message


@dataclass
class Row:
    sheet: str
    number: int
    values: dict  # the cells that read
    problems: list[RowProblem] = field(default_factory=list)

    def failed(self, *columns: str) -> bool:
        """Whether one of these cells did not read (or is missing): checks on it are skipped."""
        return any(problem.column in columns for problem in self.problems)


@dataclass(frozen=True)
class Outcome:
    action: str  # create, update or unchanged
    obj: models.Model
    changed: tuple[str, ...] = ()  # the model fields an update changes


def plan_import(upload: Upload, *, centre: Centre, user) -> ImportPlan:
    """Check every row of ``upload`` for an import at ``centre`` by ``user``."""
    plan = ImportPlan(centre=centre)
    plan.notices = _notices(upload)
    rows = {sheet.table: _clean_rows(sheet, plan) for sheet in upload.sheets}
    planner = _Planner(plan, user, rows)
    for table, plan_row in (
        (GROUPS, planner.plan_group),
        (PERSONS, planner.plan_person),
        (MEMBERSHIPS, planner.plan_membership),
    ):
        if table in rows:
            planner.plan_table(table, rows[table], plan_row)
    plan.groups_read = {group.pk for group in planner.registry.groups}
    plan.persons_read = set(planner.registry.persons_read)
    return plan


def changed_since_planned(plan: ImportPlan) -> bool:
    """Whether the registry may have changed what ``plan`` read since it was made.

    It may have when a group or person of the centre, or one the plan read (even one moved to
    another centre since), or a membership of a group it read, has a history row stamped after
    the plan was made (less CLOCK_MARGIN). Every write of the registry leaves one: its forms
    and the admin through simple_history, the import itself by ``writing``. The villages are
    the exception: one added meanwhile trips their unique key when the plan is written
    (ImportConflict), and the plan is made again. Each question is one query served by the
    history's indexes (its date, centre and ids), whatever the rest of the country writes.
    """
    since = plan.planned_at - CLOCK_MARGIN
    centre = Q(centre_id=plan.centre.pk)
    return (
        _changed(ClientGroup, since, centre, "id", plan.groups_read)
        or _changed(Person, since, centre, "id", plan.persons_read)
        or _changed(GroupMembership, since, None, "group_id", plan.groups_read)
    )


def _changed(model, since: datetime, of_centre: Q | None, column: str, ids: set[int]) -> bool:
    history = model.history.filter(history_date__gt=since)
    if of_centre is not None and history.filter(of_centre).exists():
        return True
    ids_in_order = sorted(ids)
    return any(
        history.filter(AnyOf(column, ids_in_order[start : start + ID_CHUNK])).exists()
        for start in range(0, len(ids_in_order), ID_CHUNK)
    )


def _notices(upload: Upload) -> list[str]:
    notices = [str(SHEET_SKIPPED % {"sheet": name}) for name in upload.skipped_sheets]
    for sheet in upload.sheets:
        if sheet.ignored_headers:
            columns = ", ".join(sheet.ignored_headers)
            notices.append(str(COLUMNS_IGNORED % {"sheet": sheet.name, "columns": columns}))
    return notices


def _clean_rows(sheet: Sheet, plan: ImportPlan) -> list[Row]:
    """Every row, with the values of the cells that read and the problems of the others.

    Each distinct text of a column is parsed once (a file repeats its kinds, places, dates
    and years on every row); the values are immutable, so rows share them safely."""
    table = TABLES[sheet.table]
    parsers = PARSERS[sheet.table]
    plan.counts.setdefault(sheet.table, Counts())
    columns = [(c.key, c.required, parsers[c.key], {}) for c in table.columns]
    clean = []
    for number, cells in sheet.rows:
        values, problems = {}, []
        for key, required, parse, seen in columns:
            text = cells.get(key)
            if text is not None:
                text = text.strip()
            if not text:
                if required:
                    problems.append(RowProblem(key, REQUIRED))
                continue
            try:
                value = seen[text]
            except KeyError:
                value = seen[text] = _parse(parse, text)
            if isinstance(value, CellError):
                problems.append(RowProblem(key, value.message))
            elif value is not None:
                values[key] = value
        clean.append(Row(sheet.name, number, values, problems))
    return clean


def _parse(parse, text: str):
    """The cell's value, or the CellError saying why it does not read."""
    try:
        return parse(text)
    except CellError as error:
        return error


def _row_error(table: str, sheet: str, number: int, problem: RowProblem) -> RowError:
    header = TABLES[table].column(problem.column).header
    return RowError(sheet, number, header, str(problem.message))


def _in_chunks(queryset: QuerySet, lookup: str, values: Iterable) -> Iterator[models.Model]:
    values = sorted(set(values))
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield from queryset.filter(**{f"{lookup}__in": values[start : start + LOOKUP_CHUNK]})


def _bare_name(name: str) -> str:
    for prefix in ("ตำบล", "แขวง", "ต."):
        name = name.removeprefix(prefix)
    return fold(name)


class _Places:
    """The centre's subdistricts and villages, and the villages the import adds."""

    def __init__(self, centre: Centre, codes: set[str], changes: Changes) -> None:
        district = centre.district_id
        self.in_district = {s.code: s for s in Subdistrict.objects.filter(district_id=district)}
        elsewhere = codes - self.in_district.keys()
        found = _in_chunks(Subdistrict.objects.all(), "code", elsewhere)
        self.elsewhere = {s.code: s for s in found}
        self.by_name: dict[str, list[Subdistrict]] = defaultdict(list)
        for subdistrict in self.in_district.values():
            for name in {_bare_name(subdistrict.name_th), _bare_name(subdistrict.name_en)}:
                self.by_name[name].append(subdistrict)
        villages = Village.objects.filter(subdistrict__district_id=district)
        self.villages = {(v.subdistrict_id, v.number): v for v in villages}
        self.changes = changes

    def village(self, values: dict) -> Village:
        subdistrict = self._subdistrict(values)
        key = (subdistrict.code, values["village_number"])
        name = values.get("village_name", "")
        village = self.villages.get(key)
        if village is None:
            village = Village(subdistrict=subdistrict, number=key[1], name=name)
            self.villages[key] = village
            self.changes.new.append(village)
        elif name and not village.name:
            village.name = name  # named only once: the first row that names it
            if village.pk:
                self.changes.changed.append(village)
                self.changes.fields.add("name")
        return village

    def _subdistrict(self, values: dict) -> Subdistrict:
        code, name = values.get("subdistrict_code"), values.get("subdistrict_name")
        if code:
            subdistrict = self.in_district.get(code)
            if subdistrict is None:
                other = self.elsewhere.get(code)
                if other is not None:
                    message = SUBDISTRICT_OUTSIDE % {"code": code, "name": other.name_th}
                else:
                    message = SUBDISTRICT_UNKNOWN_CODE % {"code": code}
                raise RowProblem("subdistrict_code", message)
            if name and _bare_name(name) not in {
                _bare_name(subdistrict.name_th),
                _bare_name(subdistrict.name_en),
            }:
                params = {"code": code, "name": subdistrict.name_th, "given": name}
                raise RowProblem("subdistrict_name", SUBDISTRICT_MISMATCH % params)
            return subdistrict
        if not name:
            raise RowProblem("subdistrict_code", SUBDISTRICT_MISSING)
        found = self.by_name.get(_bare_name(name), [])
        if len(found) != 1:
            raise RowProblem("subdistrict_name", SUBDISTRICT_UNKNOWN_NAME % {"name": name})
        return found[0]


def _person_key(first: str, last: str) -> tuple[str, str]:
    return fold(first), fold(last)


class _Registry:
    """What the centre has registered that the file may refer to, loaded in a few queries."""

    def __init__(self, centre: Centre, rows: dict[str, list[Row]]) -> None:
        self.groups = list(ClientGroup.objects.filter(centre=centre))
        self.group_by_reg: dict[tuple[str, str], ClientGroup] = {}
        self.groups_by_place: dict[tuple, list[ClientGroup]] = defaultdict(list)
        self.groups_by_any_reg: dict[str, list[ClientGroup]] = defaultdict(list)
        self.groups_by_name: dict[str, list[ClientGroup]] = defaultdict(list)
        for group in self.groups:
            if group.registration_number:
                self.group_by_reg[(group.kind, group.registration_number)] = group
                self.groups_by_any_reg[group.registration_number].append(group)
            self.groups_by_place[(fold(group.name), group.village_id)].append(group)
            self.groups_by_name[fold(group.name)].append(group)
        self._load_persons(centre, rows)
        self.memberships: dict[tuple[int, int], list[GroupMembership]] = defaultdict(list)

    def _load_persons(self, centre: Centre, rows: dict[str, list[Row]]) -> None:
        persons = rows.get(PERSONS, []) + rows.get(MEMBERSHIPS, [])
        ids = {row.values["national_id"] for row in persons if "national_id" in row.values}
        names = {row.values.get("first_name", "") for row in rows.get(MEMBERSHIPS, [])}
        found: dict[int, Person] = {}
        local = Person.objects.filter(centre=centre, is_anonymised=False)
        for person in _in_chunks(Person.objects.all(), "national_id", ids):
            found[person.pk] = person
        for person in _in_chunks(local, "first_name", names - {""}):
            found.setdefault(person.pk, person)
        self._persons = found
        self.person_by_id = {p.national_id: p for p in found.values() if p.national_id}
        self._index_local_persons(centre, found.values())

    def _index_local_persons(self, centre: Centre, persons: Iterable[Person]) -> None:
        self.persons_by_place: dict[tuple, list[Person]] = defaultdict(list)
        self.persons_by_name: dict[tuple[str, str], list[Person]] = defaultdict(list)
        for person in persons:
            self.add_local_person(centre, person)

    def add_local_person(self, centre: Centre, person: Person) -> None:
        if person.centre_id != centre.pk or person.is_anonymised:
            return
        key = _person_key(person.first_name, person.last_name)
        self.persons_by_place[(*key, person.birth_year, person.village_id)].append(person)
        self.persons_by_name[key].append(person)

    def load_persons_in(self, centre: Centre, village_ids: set[int]) -> None:
        """The persons of the villages the file names, to match on name and birth year."""
        local = Person.objects.filter(centre=centre, is_anonymised=False)
        for person in _in_chunks(local, "village_id", village_ids):
            if person.pk not in self._persons:
                self._persons[person.pk] = person
                self.add_local_person(centre, person)

    @property
    def persons_read(self) -> Iterable[int]:
        return self._persons.keys()

    def load_memberships(self, group_ids: set[int]) -> None:
        for membership in _in_chunks(GroupMembership.objects.all(), "group_id", group_ids):
            self.memberships[(membership.person_id, membership.group_id)].append(membership)


def _new(model: type[models.Model], values: dict) -> models.Model:
    """A new instance, built as ``Model.__init__`` builds one from positional values (its fast
    path), its related objects set as their descriptors would (the key and the cache) without
    asking the database router each time: instances built by keyword and 30,000 router calls
    were a third of a 10,000-row plan. The related objects here are the centre's own, or new.
    """
    fields = _construction(model)
    if unknown := values.keys() - _field_names(model):
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    args = []
    related = []
    for model_field, default in fields:
        value = values.get(model_field.name, _MISSING)
        if value is _MISSING:
            value = default() if callable(default) else default
        elif model_field.is_relation:
            related.append((model_field, value))
            value = value.pk if value is not None else None
        args.append(value)
    obj = model(*args)
    for model_field, value in related:
        if value is not None:
            model_field.set_cached_value(obj, value)
    return obj


_MISSING = object()


@lru_cache(maxsize=8)
def _construction(model: type[models.Model]) -> list[tuple[models.Field, object]]:
    """Each concrete field of the model, in order, with its default (or a callable making it)."""
    fields = []
    for model_field in model._meta.concrete_fields:
        if model_field.has_default() and callable(model_field.default):
            fields.append((model_field, model_field.get_default))
        else:
            fields.append((model_field, model_field.get_default()))
    return fields


@lru_cache(maxsize=8)
def _field_names(model: type[models.Model]) -> frozenset[str]:
    return frozenset(field.name for field in model._meta.concrete_fields)


def _unwrapped(user):
    """The request's user itself rather than its lazy wrapper, which every attribute read and
    ``isinstance`` goes through (10,000 persons each record who took their consent)."""
    if isinstance(user, LazyObject):
        user.pk  # noqa: B018 (evaluates it)
        return user._wrapped
    return user


def _unique(objects: Iterable) -> list:
    return list({id(obj): obj for obj in objects}.values())


def _assign(instance: models.Model, values: dict, changes: Changes) -> tuple[str, ...]:
    """Set the values that differ; return the names of those that did."""
    changed = []
    for name, value in values.items():
        if isinstance(value, models.Model):  # compare keys: reading the relation is a query
            differs = value.pk is None or getattr(instance, f"{name}_id") != value.pk
        else:
            differs = getattr(instance, name) != value
        if differs:
            setattr(instance, name, value)
            changes.fields.add(name)
            changed.append(name)
    return tuple(changed)


def _headers(table: str, fields: Iterable[str]) -> tuple[str, ...]:
    """The Thai headers of the columns behind these model fields, in the table's order (the
    village: หมู่ที่)."""
    fields = set(fields)
    if not fields:  # a new record
        return ()
    return tuple(
        column.header
        for column in TABLES[table].columns
        if column.key in fields or (column.key == "village_number" and "village" in fields)
    )


def _label(obj: models.Model, titles: dict[str, str]) -> str:
    """The record's name as ``Person.full_name`` says it, with the titles translated once per
    plan rather than once a row (10,000 gettext calls were a tenth of a preview)."""
    if isinstance(obj, GroupMembership):
        return f"{_label(obj.person, titles)} · {obj.group.name}"
    if isinstance(obj, Person):
        return f"{titles.get(obj.title, '')}{obj.first_name} {obj.last_name}".strip()
    return str(obj)


class _Planner:
    def __init__(self, plan: ImportPlan, user, rows: dict[str, list[Row]]) -> None:
        self.plan, self.user, self.centre = plan, _unwrapped(user), plan.centre
        codes = {
            row.values["subdistrict_code"]
            for table in (GROUPS, PERSONS)
            for row in rows.get(table, [])
            if "subdistrict_code" in row.values
        }
        self.places = _Places(self.centre, codes, plan.villages)
        self.registry = _Registry(self.centre, rows)
        self.seen: dict[tuple, int] = {}  # in-file keys → row number
        self.touched: dict[int, int] = {}  # id(registered object) → row number
        self.file_groups: list[ClientGroup] = []
        self.file_persons: list[Person] = []
        self.titles = {code: str(label) for code, label in Title.choices}

    def plan_table(self, table: str, rows: list[Row], plan_row) -> None:
        counts = self.plan.counts[table]
        if table == PERSONS:
            self._prepare_persons(rows)
        if table == MEMBERSHIPS:
            rows = self._prepare_memberships(rows)
        for row in rows:
            outcome = self._check(row, plan_row, row)
            if row.problems or outcome is None:  # None: a cell did not read, so a problem
                counts.invalid += 1
                errors = (_row_error(table, row.sheet, row.number, p) for p in row.problems)
                self.plan.errors.extend(errors)
                continue
            setattr(counts, outcome.action, getattr(counts, outcome.action) + 1)
            if outcome.action != "unchanged":
                changed = _headers(table, outcome.changed)
                planned = PlannedRow(
                    table,
                    row.sheet,
                    row.number,
                    outcome.action,
                    _label(outcome.obj, self.titles),
                    changed,
                )
                self.plan.rows.append(planned)

    # -- shared steps

    @staticmethod
    def _check(row: Row, check, *args):
        """Run one check of a row: its problem is noted, and the row's other checks go on."""
        try:
            return check(*args)
        except RowProblem as problem:
            row.problems.append(problem)
            return None

    def _village(self, row: Row) -> Village | None:
        """The row's village, unless its place cells did not read."""
        if row.failed(*_PLACE_KEYS) or "village_number" not in row.values:
            return None
        return self._check(row, self.places.village, row.values)

    def _once(self, key: tuple, row: Row, column: str, message: Promise) -> None:
        """Refuse a second row with the same key in the file."""
        if key in self.seen:
            raise RowProblem(column, message % {"row": self.seen[key]})
        self.seen[key] = row.number

    def _touch(self, obj: models.Model, row: Row, column: str) -> None:
        """Refuse a second row that lands on the same registered record."""
        first = self.touched.setdefault(id(obj), row.number)
        if first != row.number:
            raise RowProblem(column, SAME_RECORD % {"row": first})

    def _record(self, obj: models.Model, values: dict, changes: Changes) -> Outcome:
        if obj.pk is None:
            changes.new.append(obj)
            return Outcome("create", obj)
        if changed := _assign(obj, values, changes):
            changes.changed.append(obj)
            return Outcome("update", obj, changed)
        return Outcome("unchanged", obj)

    # -- groups

    def plan_group(self, row: Row) -> Outcome | None:
        values = dict(row.values)
        village = self._village(row)
        kind, name = values.get("kind"), values.get("name")
        reg = values.get("registration_number", "")
        if reg and kind:
            key = ("group-reg", kind, reg)
            self._check(row, self._once, key, row, "registration_number", DUPLICATE_REGISTRATION)
        elif not reg and name and village and not row.failed("registration_number"):
            key = ("group", fold(name), (village.subdistrict_id, village.number))
            self._check(row, self._once, key, row, "name", DUPLICATE_GROUP)
        if kind is None or name is None or village is None or row.failed("registration_number"):
            if kind is not None and not row.failed("otop_producer_type"):
                self._check(row, self._check_producer_type, values, None, False)
            return None
        group = self._check(row, self._registered_group, kind, reg, name, village)
        if not row.failed("otop_producer_type"):
            self._check(row, self._check_producer_type, values, group)
        fields = {k: v for k, v in values.items() if k not in _PLACE_KEYS} | {"village": village}
        if group is None:
            group = _new(
                ClientGroup, {"centre": self.centre, "status": GroupStatus.ACTIVE, **fields}
            )
        else:
            self._check(row, self._touch, group, row, "name")
        self.file_groups.append(group)
        return self._record(group, fields, self.plan.groups)

    def _registered_group(self, kind: str, reg: str, name: str, village: Village):
        if reg and (kind, reg) in self.registry.group_by_reg:
            return self.registry.group_by_reg[(kind, reg)]
        if village.pk is None:
            return None
        candidates = [
            group
            for group in self.registry.groups_by_place.get((fold(name), village.pk), [])
            if group.registration_number in ("", reg)
        ]
        if len(candidates) > 1:
            raise RowProblem("registration_number", AMBIGUOUS_GROUP)
        return candidates[0] if candidates else None

    @staticmethod
    def _check_producer_type(values: dict, group: ClientGroup | None, matched=True) -> None:
        """``matched``: whether the row could be matched to a registered group (whose type
        then counts), i.e. its kind, name and place read."""
        producer_type = values.get("otop_producer_type")
        if values["kind"] != GroupKind.OTOP:
            if producer_type:
                raise RowProblem("otop_producer_type", PRODUCER_TYPE_ONLY_OTOP)
            values["otop_producer_type"] = ""
        elif matched and not producer_type and not (group and group.otop_producer_type):
            raise RowProblem("otop_producer_type", PRODUCER_TYPE_MISSING)

    # -- persons

    def _prepare_persons(self, rows: list[Row]) -> None:
        """Resolve the villages first, so that the persons living there load in one go."""
        village_ids = set()
        for row in rows:
            row.values["village"] = village = self._village(row)
            if village is not None and village.pk:
                village_ids.add(village.pk)
        self.registry.load_persons_in(self.centre, village_ids)

    def plan_person(self, row: Row) -> Outcome | None:
        values = {k: v for k, v in row.values.items() if k not in _PLACE_KEYS}
        village = values["village"]
        national_id = values.get("national_id")
        first, last = values.get("first_name"), values.get("last_name")
        named = first is not None and last is not None and village is not None
        if national_id:
            self._check(
                row, self._once, ("person-id", national_id), row, "national_id", DUPLICATE_ID
            )
        elif named and not row.failed("national_id", "birth_year"):
            place = (village.subdistrict_id, village.number)
            key = ("person", *_person_key(first, last), values.get("birth_year"), place)
            self._check(row, self._once, key, row, "first_name", DUPLICATE_PERSON)
        person = None
        if national_id or (named and not row.failed("national_id", "birth_year")):
            person = self._check(row, self._registered_person, values, village)
        if person is not None:
            column = "national_id" if national_id else "first_name"
            self._check(row, self._touch, person, row, column)
        if not named:  # a cell that did not read
            return None
        if "consent_on" in values and (person is None or values["consent_on"] != person.consent_on):
            values["consent_recorded_by"] = self.user  # who took the consent: the importer
        if person is None:
            person = _new(Person, {"centre": self.centre, **values})
        self.file_persons.append(person)
        return self._record(person, values, self.plan.persons)

    def _registered_person(self, values: dict, village: Village) -> Person | None:
        national_id = values.get("national_id")
        if national_id and national_id in self.registry.person_by_id:
            person = self.registry.person_by_id[national_id]
            if person.centre_id != self.centre.pk:
                raise RowProblem("national_id", ID_OF_OTHER_CENTRE)
            return person
        if village is None or village.pk is None or "first_name" not in values:
            return None
        key = _person_key(values["first_name"], values["last_name"])
        candidates = [
            person
            for person in self.registry.persons_by_place.get(
                (*key, values.get("birth_year"), village.pk), []
            )
            # A row without an ID is the registered person; one with an ID is not, if theirs
            # differs.
            if not national_id or person.national_id in (None, "", national_id)
        ]
        if len(candidates) > 1:
            raise RowProblem("national_id", AMBIGUOUS_PERSON)
        return candidates[0] if candidates else None

    # -- memberships

    def _prepare_memberships(self, rows: list[Row]) -> list[Row]:
        """Find each row's person and group, then load the memberships of those groups."""
        self._index_file()
        for row in rows:
            person = group = None
            if not row.failed("national_id", "first_name", "last_name"):
                person = self._check(row, self._member, row.values)
            if not row.failed("group_registration_number", "group_name"):
                group = self._check(row, self._member_group, row.values)
            row.values["person"], row.values["group"] = person, group
        group_ids = {row.values["group"].pk for row in rows if row.values.get("group")}
        self.registry.load_memberships(group_ids - {None})
        return rows

    def _index_file(self) -> None:
        self.file_person_by_id = {p.national_id: p for p in self.file_persons if p.national_id}
        self.file_persons_by_name = defaultdict(list)
        for person in self.file_persons:
            self.file_persons_by_name[_person_key(person.first_name, person.last_name)].append(
                person
            )
        self.file_groups_by_reg = defaultdict(list)
        self.file_groups_by_name = defaultdict(list)
        for group in self.file_groups:
            if group.registration_number:
                self.file_groups_by_reg[group.registration_number].append(group)
            self.file_groups_by_name[fold(group.name)].append(group)

    def _member(self, values: dict) -> Person:
        national_id = values.get("national_id")
        if national_id:
            person = self.file_person_by_id.get(national_id) or self.registry.person_by_id.get(
                national_id
            )
            if person is None:
                raise RowProblem("national_id", MEMBER_UNKNOWN_ID)
            if person.centre_id != self.centre.pk:
                raise RowProblem("national_id", ID_OF_OTHER_CENTRE)
            return person
        first, last = values.get("first_name"), values.get("last_name")
        if not (first and last):
            raise RowProblem("national_id", MEMBER_MISSING)
        key = _person_key(first, last)
        found = _unique(
            self.file_persons_by_name.get(key, []) + self.registry.persons_by_name.get(key, [])
        )
        name = f"{first} {last}"
        if not found:
            raise RowProblem("first_name", MEMBER_UNKNOWN_NAME % {"name": name})
        if len(found) > 1:
            raise RowProblem("first_name", MEMBER_AMBIGUOUS % {"name": name})
        return found[0]

    def _member_group(self, values: dict) -> ClientGroup:
        reg, name = values.get("group_registration_number"), values.get("group_name")
        if reg:
            found = self.file_groups_by_reg.get(reg, []) + self.registry.groups_by_any_reg.get(
                reg, []
            )
            if name:
                found = [group for group in found if fold(group.name) == fold(name)]
        elif name:
            found = self.file_groups_by_name.get(fold(name), []) + self.registry.groups_by_name.get(
                fold(name), []
            )
        else:
            raise RowProblem("group_registration_number", GROUP_MISSING)
        found = _unique(found)
        column = "group_registration_number" if reg else "group_name"
        if not found:
            raise RowProblem(column, GROUP_UNKNOWN % {"value": reg or name})
        if len(found) > 1:
            raise RowProblem(column, GROUP_AMBIGUOUS % {"value": reg or name})
        return found[0]

    def plan_membership(self, row: Row) -> Outcome | None:
        values = row.values
        person, group = values["person"], values["group"]
        membership = None
        if person is not None and group is not None:
            column = "national_id" if "national_id" in values else "first_name"
            key = ("member", id(person), id(group))
            self._check(row, self._once, key, row, column, DUPLICATE_MEMBERSHIP)
            membership = self._registered_membership(person, group)
        fields = {k: values[k] for k in ("role", "joined_on", "left_on") if k in values}
        joined = fields.get("joined_on", membership.joined_on if membership else None)
        left = fields.get("left_on", membership.left_on if membership else None)
        if joined and left and left < joined:
            row.problems.append(RowProblem("left_on", LEFT_BEFORE_JOINED))
        if person is None or group is None or row.problems:
            return None
        if membership is None:
            membership = _new(GroupMembership, {"person": person, "group": group, **fields})
        return self._record(membership, fields, self.plan.memberships)

    def _registered_membership(self, person: Person, group: ClientGroup):
        if person.pk is None or group.pk is None:
            return None
        found = self.registry.memberships.get((person.pk, group.pk), [])
        current = [m for m in found if m.left_on is None]
        if current:
            return current[0]
        return max(found, key=lambda m: (m.joined_on is not None, m.joined_on, m.pk), default=None)
