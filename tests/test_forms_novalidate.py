"""Every form leaves validation to the server: the browser's own bubbles appear in the
browser's language (often English) and vanish; the portal's Thai message stays by the field."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.clients.factories import PersonFactory
from tests.services.factories import ServiceRequestFactory, VisitFactory

FORM_TAG = re.compile(r"<form\b[^>]*>", re.DOTALL)


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[dict] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "form":
            self.tags.append(dict(attrs))


def _forms(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.tags


def test_it_writes_novalidate_on_every_form_of_the_templates():
    lacking = [
        f"{path.relative_to(settings.BASE_DIR)}: {tag}"
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        for tag in FORM_TAG.findall(path.read_text())
        if "novalidate" not in tag
    ]
    assert lacking == []


@pytest.fixture
def main_pages(centre_a, head, staff):
    from tests.clients.factories import ClientGroupFactory

    group = ClientGroupFactory(centre=centre_a)
    person = PersonFactory(centre=centre_a, national_id="1101700230705")
    request = ServiceRequestFactory(centre=centre_a, received_by=staff, client_group=group)
    visit = VisitFactory(centre=centre_a, created_by=staff)
    return [
        reverse("services:my-work"),
        reverse("services:request-list"),
        reverse("services:request-create"),
        reverse("services:request-detail", args=[request.pk]),
        reverse("services:request-edit", args=[request.pk]),
        reverse("services:request-outcome", args=[request.pk]),
        reverse("services:visit-list"),
        reverse("services:visit-create"),
        reverse("services:visit-detail", args=[visit.pk]),
        reverse("services:visit-record", args=[visit.pk]),
        reverse("clients:group-list"),
        reverse("clients:group-create"),
        reverse("clients:group-detail", args=[group.pk]),
        reverse("clients:person-list"),
        reverse("clients:person-detail", args=[person.pk]),
        reverse("clients:person-edit", args=[person.pk]),
        reverse("clients:import"),
        reverse("centres:centre-list"),
        reverse("centres:centre-home", args=[centre_a.district_id]),
        reverse("password_change"),
    ]


def test_no_form_on_the_main_pages_lacks_novalidate(client, head, main_pages):
    client.force_login(head)
    seen = 0
    for url in main_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        forms = _forms(response.content.decode())
        assert forms, url  # at least the language switch and the log-out button
        assert [f for f in forms if "novalidate" not in f] == [], url
        seen += len(forms)
    assert seen > 2 * len(main_pages)


def test_the_login_page_form_has_novalidate(client, db):
    forms = _forms(client.get(reverse("login")).content.decode())
    assert forms and all("novalidate" in f for f in forms)
