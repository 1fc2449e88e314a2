"""Names sort in Thai dictionary order on PostgreSQL: words that begin with a leading vowel
(เ แ โ ไ ใ) sort by their first consonant, not after every other word as in the "C" order."""

import pytest
from django.db import connection
from django.urls import reverse

from clients.models import ClientGroup, Person
from tests.clients.factories import ClientGroupFactory, PersonFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no ICU collation; CI runs this on PostgreSQL (th-TH-x-icu)",
)

# In dictionary order: ก words first, whatever their leading vowel, then ข, then ค.
NAMES = ["กมล", "เกษตร", "แก้ว", "โกศล", "ไก่ทอง", "ขนม", "เขียว", "คำ"]


def test_the_database_has_the_thai_collation(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'th-TH-x-icu'")
        assert cursor.fetchone() is not None


def test_it_lists_groups_in_thai_dictionary_order(client, staff, centre_a):
    for name in reversed(NAMES):
        ClientGroupFactory(centre=centre_a, name=name)
    client.force_login(staff)

    response = client.get(reverse("clients:group-list"))

    assert [group.name for group in response.context["page"]] == NAMES
    assert list(ClientGroup.objects.in_thai_order().values_list("name", flat=True)) == NAMES


def test_it_lists_persons_by_first_then_last_name_in_thai_order(client, staff, centre_a):
    for name in reversed(NAMES):
        PersonFactory(centre=centre_a, first_name=name, last_name="ใจดี")
    PersonFactory(centre=centre_a, first_name="กมล", last_name="เกิดผล")
    client.force_login(staff)

    response = client.get(reverse("clients:person-list"))

    names = [(p.first_name, p.last_name) for p in response.context["page"]]
    assert names[:2] == [("กมล", "เกิดผล"), ("กมล", "ใจดี")]
    assert [first for first, _ in names[1:]] == NAMES
    assert Person.objects.in_thai_order().first().last_name == "เกิดผล"


@pytest.mark.parametrize("kind", ["group", "person"])
def test_the_exports_follow_the_lists_thai_order_across_chunks(
    client, staff, centre_a, kind, monkeypatch
):
    """The exports read a chunk at a time (portal.lib.keyset): the Thai order must hold across
    the chunks' bounds, which compare in the same collation."""
    monkeypatch.setattr("clients.exports.CHUNK_SIZE", 3)
    for name in reversed(NAMES):
        if kind == "group":
            ClientGroupFactory(centre=centre_a, name=name)
        else:
            PersonFactory(centre=centre_a, first_name=name, last_name="ใจดี")
    client.force_login(staff)

    response = client.get(reverse(f"clients:{kind}-export", args=["csv"]))

    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    column = 2 if kind == "group" else 1  # the group's name; the person's first name
    assert [line.split(",")[column] for line in lines[1:-1]] == NAMES
