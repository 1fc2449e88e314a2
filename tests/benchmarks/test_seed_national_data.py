"""The generated national data set holds together: keys, constraints, references, national IDs,
the workflow, and the portal working on it afterwards.

The set is built once for the module (a few centres at a small scale, ~1 s) inside a
transaction rolled back at the end, on the suite's clock."""

from collections import defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from benchmarks.models import NationalDataset
from centres.demo import DEMO_PASSWORD
from centres.models import Centre
from clients.models import (
    ALL_FIGURES,
    SNAPSHOT_FIGURES,
    ClientGroup,
    GroupMembership,
    GroupSnapshot,
    Person,
    Product,
)
from portal.lib.fiscal import fiscal_year
from portal.lib.thai_id import is_valid_thai_id
from services.actions import create_request
from services.models import (
    DONE_STATUSES,
    Attachment,
    ReferenceCounter,
    ServiceRequest,
    ServiceType,
    StatusChange,
    Visit,
)
from services.workflow import find_move
from tests.benchmarks.conftest import make_country, postgresql_only
from tests.conftest import signs_in

# Not in CI's clock-edge runs yet: at 30 Sep 23:30 on PostgreSQL, after the other date-sensitive
# modules, two tests here fail (gap-free references, the next reference) though they pass alone
# at that clock; open in the session note of 1 Dec 2026.
pytestmark = [postgresql_only]

SCALE = 0.01  # 20–100 requests a centre; 5001 gets the most


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        make_country()
        out = StringIO()
        call_command("seed_national", scale=SCALE, seed=3, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def data(national, db):
    return national


def _count(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_it_fills_every_table_it_promises(data):
    assert Centre.objects.count() == 3
    for model in (ClientGroup, Person, GroupSnapshot, ServiceRequest, StatusChange, Visit):
        assert model.objects.exists(), model
    assert Attachment.objects.exists()
    assert Visit.objects.filter(villages__isnull=False).exists()
    assert Visit.objects.filter(staff__isnull=False).exists()
    assert Visit.objects.filter(served_requests__isnull=False).exists()
    marker = NationalDataset.objects.get()
    assert marker.finished_at is not None and marker.rows > 0
    assert f"{marker.rows:,} rows for 3 centres" in data


def test_it_writes_rows_the_models_accept(data):
    """Choices, lengths, validators (IDs, phones) and each model's clean(): as a form would."""
    models = (ClientGroup, Person, GroupMembership, Product, GroupSnapshot, ServiceRequest, Visit)
    errors = {}
    for model in models:
        for obj in model.objects.all()[:100]:
            try:
                obj.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                errors[f"{model.__name__} {obj.pk}"] = error.message_dict
    assert errors == {}


def test_it_leaves_no_key_pointing_nowhere(data):
    """The load skips the foreign-key triggers when it may: every key is checked here."""
    dangling = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in ("auth", "centres", "clients", "services"):
            continue
        for field in model._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one or not field.db_constraint:
                continue
            target = field.target_field
            child, parent = model._meta.db_table, target.model._meta.db_table
            count = _count(
                f"SELECT count(*) FROM {child} c "
                f"LEFT JOIN {parent} p ON p.{target.column} = c.{field.column} "
                f"WHERE c.{field.column} IS NOT NULL AND p.{target.column} IS NULL"
            )
            if count:
                dangling[f"{model._meta.db_table}.{field.column}"] = count
    assert dangling == {}


def test_it_numbers_references_per_centre_and_fiscal_year_without_gaps(data):
    rows = ReferenceCounter.objects.values_list("centre_id", "fiscal_year", "last_value")
    counters = {(c, y): v for c, y, v in rows}
    seen = defaultdict(list)
    for request in ServiceRequest.objects.select_related("centre").order_by("received_at", "pk"):
        assert request.fiscal_year == fiscal_year(timezone.localdate(request.received_at))
        assert request.reference == (
            f"{request.centre.district_id}-{request.fiscal_year}-{request.sequence:05d}"
        )
        seen[(request.centre_id, request.fiscal_year)].append(request.sequence)
    for key, sequences in seen.items():
        assert sequences == list(range(1, len(sequences) + 1)), key  # in order of receipt
        assert counters[key] == len(sequences)
    assert set(counters) == set(seen)
    assert len({year for _, year in seen}) == 5  # five fiscal years, the current one included


def test_it_gives_every_person_a_valid_unique_national_id(data):
    ids = list(Person.objects.exclude(national_id=None).values_list("national_id", flat=True))
    assert ids and all(is_valid_thai_id(i) for i in ids)
    assert len(ids) == len(set(ids))
    assert Person.objects.filter(national_id=None).count() < len(ids)


def test_it_writes_only_the_figures_each_kind_of_group_reports(data):
    for snapshot in GroupSnapshot.objects.select_related("group"):
        wanted = SNAPSHOT_FIGURES[snapshot.group.kind]
        unused = [f for f in ALL_FIGURES if f not in wanted and getattr(snapshot, f) is not None]
        missing = [f for f in wanted if getattr(snapshot, f) is None]
        assert not unused and not missing, (snapshot.group.kind, unused, missing)
        assert snapshot.fiscal_year < fiscal_year(timezone.localdate())


def test_it_moves_every_request_along_the_workflow_in_time_order(data):
    changes = defaultdict(list)
    for change in StatusChange.objects.order_by("changed_at", "pk"):
        changes[change.request_id].append(change)
    now = timezone.now()
    requests = list(ServiceRequest.objects.all())
    for request in requests:
        history = changes[request.pk]
        first, moves = history[0], history[1:]
        assert (first.from_status, first.to_status) == ("", "received")
        assert first.changed_at == request.received_at
        for before, change in zip(history, moves, strict=False):
            assert change.from_status == before.to_status
            assert find_move(change.from_status, change.to_status), change
            assert before.changed_at <= change.changed_at <= now + timedelta(seconds=5)
            if change.to_status == "cancelled":
                assert change.note
        assert history[-1].to_status == request.status
        assert request.due_date >= timezone.localdate(request.received_at)
        if request.status in ("resolved", "closed"):
            assert request.has_outcome()
    done = sum(r.status in DONE_STATUSES for r in requests)
    assert done / len(requests) > 0.7  # most are resolved, closed or cancelled


def test_it_lets_the_portal_log_the_next_reference(data):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="staff")
    centre = Centre.objects.get(district_id="5001")
    year = fiscal_year(timezone.localdate())
    last = ReferenceCounter.objects.get(centre=centre, fiscal_year=year).last_value
    request = create_request(
        centre=centre,
        client=Person.objects.filter(centre=centre).first(),
        service_type=ServiceType.objects.first(),
        channel="onsite",
        urgency="normal",
        subject="ขอคำแนะนำการจดทะเบียนกลุ่ม",
        by=staff,
    )
    assert request.reference == f"5001-{year}-{last + 1:05d}"
    assert ServiceRequest.objects.latest("pk").pk == request.pk  # the id sequence moved on


def test_it_gives_the_demo_staff_a_working_portal(data, client):
    assert signs_in(client, "staff", DEMO_PASSWORD)
    my_work = client.get(reverse("services:my-work"))
    listing = client.get(reverse("services:request-list"))
    assert my_work.status_code == listing.status_code == 200
    newest = ServiceRequest.objects.filter(centre__district_id="5001").latest("received_at")
    assert newest.reference in listing.content.decode()
