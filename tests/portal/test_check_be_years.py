"""manage.py check_be_years: the dates saved with a BE year taken as CE, for an administrator."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.management.commands.check_be_years import audited_app_configs, find_be_years
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def run() -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("check_be_years", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_it_reports_nothing_when_every_date_is_plausible(centre_a, staff):
    ServiceRequestFactory(centre=centre_a, due_date=date(2399, 12, 31))

    out, error = run()

    assert error is None
    assert "No date with a year of 2400 or later." in out


def test_it_lists_each_date_and_time_saved_with_a_be_year(centre_a, staff):
    corrupt = ServiceRequestFactory(centre=centre_a)
    ServiceRequestFactory(centre=centre_a)  # a sound one, not listed
    # Corrupted past the signals, as a bad import would: the roll-ups keep the sound dates.
    wrong_moment = timezone.make_aware(datetime(2569, 11, 30, 9, 0))
    type(corrupt).objects.filter(pk=corrupt.pk).update(
        due_date=date(2569, 11, 30), received_at=wrong_moment
    )
    staff.date_joined = wrong_moment
    staff.save()

    out, error = run()

    lines = out.splitlines()
    assert f"services.ServiceRequest\t{corrupt.pk}\tdue_date\t2569-11-30" in lines
    # Date-times are listed in UTC, as stored: 09:00 in Bangkok is 02:00.
    assert f"services.ServiceRequest\t{corrupt.pk}\treceived_at\t2569-11-30T02:00:00+00:00" in lines
    assert any(line.startswith(f"auth.User\t{staff.pk}\tdate_joined\t2569-") for line in lines)
    assert len(lines) == 3
    assert error is not None
    assert "3 value(s)" in str(error)


def test_it_covers_every_project_app_and_the_users():
    labels = {config.label for config in audited_app_configs()}

    assert {"auth", "portal", "centres", "clients", "services"} <= labels
    assert "admin" not in labels and "simple_history" not in labels


def test_it_runs_one_range_query_per_field_whatever_the_number_of_rows(centre_a):
    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            list(find_be_years())
        return [q["sql"] for q in captured.captured_queries]

    ServiceRequestFactory(centre=centre_a)
    few = queries()
    ServiceRequestFactory.create_batch(5, centre=centre_a)
    many = queries()

    assert len(few) == len(many)
    assert all(">=" in sql for sql in many)
