"""Every form leaves validation to the server: the browser's own bubbles appear in the
browser's language (often English) and vanish; the portal's Thai message stays by the field."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.pages import main_page_urls

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


def test_no_form_on_the_main_pages_lacks_novalidate(client, centre_a, head, staff):
    client.force_login(head)
    seen = 0
    for url in main_page_urls(centre_a, staff):
        response = client.get(url)
        assert response.status_code == 200, url
        forms = _forms(response.content.decode())
        assert forms, url  # at least the language switch and the log-out button
        assert [f for f in forms if "novalidate" not in f] == [], url
        seen += len(forms)
    assert seen > 40


def test_the_login_page_form_has_novalidate(client, db):
    forms = _forms(client.get(reverse("login")).content.decode())
    assert forms and all("novalidate" in f for f in forms)
