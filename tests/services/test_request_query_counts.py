"""Query counts of the request pages: built with many rows, so an N+1 cannot come back silently.
Each page runs as many queries with 60 rows as with 25, and no more than a pinned number."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import Role
from services.actions import assign_request, edit_request
from services.models import RequestNote, Status
from tests.centres.factories import MembershipFactory, UserFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import (
    AttachmentFactory,
    ServiceRequestFactory,
    ServiceTypeFactory,
    StatusChangeFactory,
    VisitFactory,
)

pytestmark = pytest.mark.date_sensitive

MY_WORK = reverse("services:my-work")
LIST = reverse("services:request-list")
EXPORT = reverse("services:request-export")


@pytest.fixture
def add_requests(centre_a, staff, colleague):
    """``n`` varied requests of centre A: groups and persons, staff of their own, some late."""
    today = timezone.localdate()

    def add(n: int) -> None:
        for i in range(n):
            worker = UserFactory()
            MembershipFactory(user=worker, centre=centre_a, role=Role.STAFF)
            values = {
                "centre": centre_a,
                "received_by": worker,
                "assigned_to": staff if i % 3 else worker,
                "due_date": today + timedelta(days=i % 12 - 4),
            }
            if i % 2:
                values["client_group"] = None
                values["person"] = PersonFactory(centre=centre_a)
            else:
                values["client_group"] = ClientGroupFactory(centre=centre_a)
            if i % 5 == 0:
                values["assigned_to"] = None
            ServiceRequestFactory(**values)
            visit = VisitFactory(
                centre=centre_a, planned_date=today + timedelta(days=i % 9), created_by=colleague
            )
            visit.staff.add(staff if i % 2 else worker)

    return add


def queries_of(client, url: str, params: dict | None = None) -> int:
    cache.clear()  # the filters' choices read, not kept from the count before (portal.lib.choices)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize(
    ("url", "params", "limit"),
    [
        (MY_WORK, None, 12),  # 11, and the referral follow-ups due (resources)
        (LIST, None, 12),
        # a search's 13th reads its matches' ids first (ServiceRequestQuerySet.search)
        (LIST, {"status": "open", "sort": "due", "q": "ขอ"}, 13),
        # an export's 5th query writes its row of the PDPA access trail (centres.AuditEvent)
        (EXPORT, {"format": "xlsx"}, 5),
        (EXPORT, {"format": "csv", "overdue": "yes"}, 5),
    ],
)
def test_it_runs_as_many_queries_for_60_rows_as_for_25(
    client, head, add_requests, url, params, limit, django_assert_max_num_queries
):
    add_requests(25)
    client.force_login(head)
    with_25 = queries_of(client, url, params)
    add_requests(35)
    with_60 = queries_of(client, url, params)
    assert with_60 == with_25
    with django_assert_max_num_queries(limit):
        client.get(url, params or {})


def test_it_reads_the_detail_page_in_a_fixed_number_of_queries(
    client, head, staff, centre_a, django_assert_max_num_queries
):
    service_request = ServiceRequestFactory(centre=centre_a, received_by=staff, assigned_to=staff)

    def add(n: int) -> None:
        for i in range(n):
            user = UserFactory()
            MembershipFactory(user=user, centre=centre_a, role=Role.STAFF)
            StatusChangeFactory(request=service_request, changed_by=user, to_status=Status.REFERRED)
            RequestNote.objects.create(request=service_request, author=user, text="ติดตามแล้ว")
            AttachmentFactory(request=service_request, uploaded_by=user)
            visit = VisitFactory(centre=centre_a, created_by=user)
            visit.served_requests.add(service_request)
            AttachmentFactory(request=None, visit=visit, centre=centre_a, uploaded_by=user)
            # What the history tells: an assignment, an edit of the type, an outcome.
            assign_request(service_request, assignee=user, by=head)
            changes = {"service_type": ServiceTypeFactory(), "outcome": f"ครั้งที่ {i}"}
            version = service_request.version
            edit_request(service_request, changes=changes, expected_version=version, by=user)

    url = service_request.get_absolute_url()
    client.force_login(head)
    add(2)
    with_2 = queries_of(client, url)
    add(18)
    assert queries_of(client, url) == with_2
    # 15, the referrals panel (resources), the rounds panel (committees), and the client's
    # village and subdistrict (with_client_place: two queries planned faster than four joins)
    with django_assert_max_num_queries(19):
        response = client.get(url)
    kinds = Counter(event.kind for event in response.context["timeline"])
    assert kinds == {
        "status": 20,
        "note": 20,
        "attachment": 20,
        "visit": 20,
        "assigned": 20,
        "edited": 20,
        "outcome": 1,
        "outcome_changed": 19,
    }
