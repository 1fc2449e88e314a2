"""The suite's clock (tests/conftest.py): every test runs on the moment --clock names, so no
test passes only in the month it was written."""

import time
from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.date_sensitive


def test_it_runs_on_the_chosen_moment_in_bangkok(request):
    chosen = datetime.fromisoformat(request.config.getoption("clock"))
    now = timezone.localtime()
    assert now.date() == chosen.date()
    assert 0 <= (now.replace(tzinfo=None) - chosen).total_seconds() < 3600  # ticking since


@pytest.mark.browser
def test_it_gives_the_browser_tests_the_real_clock():
    machine = time_machine.escape_hatch.time.time()  # the machine's own clock
    assert abs(time.time() - machine) < 60
