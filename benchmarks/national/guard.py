"""Whether ``seed_national`` may write here: never into a database that holds real data."""

from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from benchmarks.models import NationalDataset
from benchmarks.national.people import remove_generated_users
from clients.models import ClientGroup, Person
from services.models import ServiceRequest, Visit

# What a previous run wrote, emptied before the next one (geography and centres stay).
GENERATED_TABLES = (
    "reports_tally",  # the roll-ups of what it generated: seed_national rebuilds them
    "reports_backlog",
    "services_attachment",
    "services_visit_served_requests",
    "services_visit_staff",
    "services_visit_groups",
    "services_visit_villages",
    "services_requestnote",
    "services_statuschange",
    "services_historicalservicerequest",
    "services_servicerequest",
    "services_historicalvisit",
    "services_visit",
    "services_referencecounter",
    "clients_historicalstarrating",
    "clients_starrating",
    "clients_historicalproduct_standards",
    "clients_product_standards",
    "clients_historicalproduct",
    "clients_product",
    "clients_historicalgroupsnapshot",
    "clients_groupsnapshot",
    "clients_historicalgroupmembership",
    "clients_groupmembership",
    "clients_idreveal",
    "clients_historicalperson",
    "clients_person",
    "clients_historicalclientgroup",
    "clients_clientgroup",
)


def check_database() -> bool:
    """Return whether the database holds an earlier generated set (to be replaced); raise
    CommandError if it is not PostgreSQL or holds data that this command did not write."""
    if connection.vendor != "postgresql":
        raise CommandError(
            f"seed_national writes with PostgreSQL's COPY; DATABASE_URL points at "
            f"{connection.vendor}."
        )
    if NationalDataset.objects.exists():
        return True
    real = [m for m in (ServiceRequest, Visit, ClientGroup, Person) if m.objects.exists()]
    if real:
        with translation.override("en"):
            names = ", ".join(str(m._meta.verbose_name_plural) for m in real)
        raise CommandError(
            f"This database already holds {names} that seed_national did not generate. It "
            f"runs only on an empty database (after migrate, load_geography and create_centres) "
            f"or on one it generated before; it never writes next to real data."
        )
    return False


def remove_generated_data() -> None:
    """Empty what an earlier run wrote (the database is known to be generated)."""
    with connection.cursor() as cursor:
        # The roll-ups were written with their foreign-key checks deferred to the commit; run
        # inside one transaction (the tests), those pending checks would forbid the TRUNCATE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(GENERATED_TABLES)} CASCADE")
    remove_generated_users()
    NationalDataset.objects.all().delete()
