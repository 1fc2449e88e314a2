"""Every page about one object of centre A answers 404 to a user of centre B.

The URL patterns are read from the URLconf, so a new page is covered (or this test fails and
asks for its object) without anyone remembering to add it here.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.models import ExportJob, ExportKind  # noqa: E402
from tests.clients.factories import (
    GroupMembershipFactory,
    GroupSnapshotFactory,
    PersonFactory,
    ProductFactory,
)
from tests.committees.factories import CommitteeMemberFactory, MeetingFactory, RoundFactory
from tests.resources.factories import (
    EventFactory,
    EventPhotoFactory,
    LocalResourceFactory,
    OfferFactory,
    ParticipantFactory,
    ReferralFactory,
)
from tests.services.factories import AttachmentFactory, ServiceRequestFactory, VisitFactory

SCOPED_APPS = ("centres", "clients", "services", "committees", "resources", "reports")
# Superuser-only pages answer 403 to every other user, whatever the object: they reveal nothing.
ADMIN_ONLY = {"clients:person-data-export"}


def _object_urls() -> list[tuple[str, list[str]]]:
    """(namespace:name, its keyword arguments) for every URL of the scoped apps with an id."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in SCOPED_APPS:
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                keys = list(pattern.pattern.converters)
                # "kind" names a list to export (reports:export-start), not an object.
                if keys and keys not in (["fmt"], ["kind"]) and not {"token", "table"} & set(keys):
                    found.append((f"{entry.namespace}:{pattern.name}", keys))
    return found


OBJECT_URLS = _object_urls()


@pytest.fixture
def objects_of_centre_a(centre_a, staff):
    membership = GroupMembershipFactory(group__centre=centre_a)
    group = membership.group
    request = ServiceRequestFactory(centre=centre_a, client_group=group, received_by=staff)
    event = EventFactory(centre=centre_a, created_by=staff)
    return {
        "group": group,
        "membership": membership,
        "product": ProductFactory(group=group),
        "snapshot": GroupSnapshotFactory(group=group),
        "person": PersonFactory(centre=centre_a),
        "request": request,
        "visit": VisitFactory(centre=centre_a, created_by=staff),
        "attachment": AttachmentFactory(request=request, uploaded_by=staff),
        "centre": centre_a,
        "resource": LocalResourceFactory(centre=centre_a),
        "offer": OfferFactory(resource=LocalResourceFactory(centre=centre_a)),
        "referral": ReferralFactory(request=request, sent_by=staff),
        "event": event,
        "participant": ParticipantFactory(event=event),
        "photo": EventPhotoFactory(event=event, uploaded_by=staff),
        "member": CommitteeMemberFactory(centre=centre_a),
        "round": RoundFactory(centre=centre_a, opened_by=staff),
        "meeting": MeetingFactory(centre=centre_a, created_by=staff),
        # A background export of centre A's staff: another user's job is never theirs to see.
        "export": ExportJob.objects.create(
            user=staff, kind=ExportKind.REQUESTS, format="csv", scope=[centre_a.pk]
        ),
    }


def _kwargs(name: str, keys: list[str], objects: dict) -> dict:
    path = reverse(name, kwargs={key: 1 if key != "code" else "0000" for key in keys})
    owner = next(
        kind
        for prefix, kind in [
            ("/clients/groups/", "group"),
            ("/clients/persons/", "person"),
            ("/services/requests/", "request"),
            ("/services/visits/", "visit"),
            ("/services/attachments/", "attachment"),
            ("/centres/", "centre"),
            ("/committees/centre/", "centre"),
            ("/committees/members/", "member"),
            ("/committees/requests/", "request"),
            ("/committees/cases/", "round"),
            ("/committees/meetings/", "meeting"),
            ("/committees/visits/", "visit"),
            ("/resources/refer/", "request"),
            ("/resources/referrals/", "referral"),
            ("/resources/events/", "event"),
            ("/resources/participants/", "participant"),
            ("/resources/photos/", "photo"),
            ("/resources/offers/", "offer"),
            ("/resources/", "resource"),
            ("/reports/centres/", "centre"),
            ("/reports/exports/", "export"),
            ("/reports/provinces/", "province"),
        ]
        if path.startswith(prefix)
    )
    province = objects["centre"].district.province
    code = province.code if owner == "province" else objects["centre"].code
    values = {"pk": objects[owner].pk if owner != "province" else 0, "code": code, "fmt": "csv"}
    for key in keys:
        if key.endswith("_pk"):
            values[key] = objects[key.removesuffix("_pk")].pk
    return {key: values[key] for key in keys}


def test_it_finds_the_object_pages_to_sweep():
    names = {name for name, _ in OBJECT_URLS}

    assert {"clients:group-detail", "services:request-detail", "centres:centre-home"} <= names


@pytest.mark.parametrize(("name", "keys"), OBJECT_URLS, ids=[name for name, _ in OBJECT_URLS])
def test_an_outsider_gets_404_for_centre_as_objects(
    client, outsider, objects_of_centre_a, name, keys
):
    client.force_login(outsider)
    url = reverse(name, kwargs=_kwargs(name, keys, objects_of_centre_a))

    got = client.get(url).status_code
    posted = client.post(url, {"note": "x", "to": "closed"}).status_code

    expected = 403 if name in ADMIN_ONLY else 404
    assert got in (expected, 405), f"GET {url}"
    assert posted in (expected, 405), f"POST {url}"
    assert expected in (got, posted), f"{url} answers neither GET nor POST"
