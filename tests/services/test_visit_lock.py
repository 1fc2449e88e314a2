"""A visit's forms lock like a request's: the version the form was opened at is required, and
a save over someone else's answers 409 with what they changed, nothing overwritten."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from services.models import Visit, VisitStatus
from services.visit_forms import OUT_OF_DATE
from tests.services.factories import VisitFactory


@pytest.fixture
def visit(centre_a, staff):
    return VisitFactory(
        centre=centre_a, created_by=staff, planned_date=date(2026, 11, 26), title="อบรมบัญชี"
    )


def _plan(visit: Visit, **data) -> dict:
    return {
        "kind": "outreach",
        "planned_date": "26/11/2569",
        "title": "อบรมบัญชีครัวเรือน",
        "villages-TOTAL_FORMS": "0",
        "villages-INITIAL_FORMS": "0",
        **data,
    }


def _edit(visit: Visit) -> str:
    return reverse("services:visit-edit", args=[visit.pk])


def _record(visit: Visit) -> str:
    return reverse("services:visit-record", args=[visit.pk])


@pytest.mark.parametrize("version", [None, "", "²", "99999999999999999999", "-1", "0"])
def test_it_refuses_a_plan_edit_without_a_real_version(client, staff, visit, version):
    client.force_login(staff)
    data = _plan(visit) if version is None else _plan(visit, version=version)

    response = client.post(_edit(visit), data)

    assert response.status_code == 422
    assert str(OUT_OF_DATE) in response.content.decode()
    visit.refresh_from_db()
    assert visit.title == "อบรมบัญชี"


def test_it_refuses_a_record_without_its_version(client, staff, visit):
    client.force_login(staff)

    response = client.post(_record(visit), {"attendees": "3", "what_was_done": "ประชุม"})

    assert response.status_code == 422
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_a_stale_plan_edit_answers_409_with_what_the_other_save_changed(
    client, staff, colleague, visit
):
    opened_at = visit.version
    client.force_login(colleague)
    assert (
        client.post(_edit(visit), _plan(visit, version=opened_at, title="ของเพื่อน")).status_code
        == 302
    )
    client.force_login(staff)

    response = client.post(_edit(visit), _plan(visit, version=opened_at, title="ของฉัน"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "ของเพื่อน" in page  # the value saved now
    assert 'value="ของฉัน"' in page  # what I typed is kept
    assert f'name="version" value="{opened_at + 1}"' in page  # saving again replaces theirs
    assert response.context["stale"].changed == [
        capfirst(Visit._meta.get_field("title").verbose_name)
    ]
    visit.refresh_from_db()
    assert visit.title == "ของเพื่อน"


def test_saving_again_after_the_conflict_replaces_the_other_save(client, staff, colleague, visit):
    client.force_login(colleague)
    client.post(_edit(visit), _plan(visit, version=visit.version, title="ของเพื่อน"))
    client.force_login(staff)
    client.post(_edit(visit), _plan(visit, version=visit.version, title="ของฉัน"))

    response = client.post(_edit(visit), _plan(visit, version=visit.version + 1, title="ของฉัน"))

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.title == "ของฉัน"


def test_a_stale_record_answers_409_and_marks_nothing_done(client, staff, colleague, visit):
    opened_at = visit.version
    client.force_login(colleague)
    client.post(_edit(visit), _plan(visit, version=opened_at, title="ของเพื่อน"))
    client.force_login(staff)

    response = client.post(
        _record(visit), {"version": opened_at, "attendees": "3", "what_was_done": "ประชุม"}
    )

    assert response.status_code == 409
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    assert visit.what_was_done == ""
