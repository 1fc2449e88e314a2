"""A bulk load may defer the roll-ups' upkeep (portal.lib.signals.upkeep_deferred) and rebuild
them at its end, as seed_demo does; outside it every write is kept again."""

from portal.lib.signals import upkeep_deferred
from reports.consistency import differences
from reports.maintenance import rebuild
from reports.models import Tally
from tests.services.factories import ServiceRequestFactory


def test_writes_within_a_deferred_upkeep_wait_for_the_rebuild_after(centre_a):
    with upkeep_deferred():
        ServiceRequestFactory(centre=centre_a)
        assert not Tally.objects.filter(centre=centre_a).exists()
    assert differences([centre_a.pk]) != []  # as seed_demo leaves it before its last seeder

    rebuild([centre_a.pk])
    assert differences([centre_a.pk]) == []
    ServiceRequestFactory(centre=centre_a)  # out of it, every write is kept again
    assert differences([centre_a.pk]) == []
