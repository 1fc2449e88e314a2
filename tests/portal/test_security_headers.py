"""Security headers on a page of each app and the admin: a Content-Security-Policy without
anything inline, Permissions-Policy, HSTS, nosniff, Referrer-Policy, X-Frame-Options; and no
template carries an inline script, style or event handler that the policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
EXPECTED_CSP = {
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


@pytest.fixture
def pages(centre_a, staff) -> list[str]:
    return [
        reverse("login"),  # portal
        reverse("centres:centre-home", args=[centre_a.district_id]),  # centres
        reverse("clients:group-list"),  # clients
        reverse("services:my-work"),  # services
        reverse("admin:index"),  # the admin
        "/no-such-page/",  # an error page
    ]


def _csp(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_it_sends_the_security_headers_on_a_page_of_each_app(client, staff, pages, settings):
    staff.is_staff = staff.is_superuser = True  # so that the admin answers its page too
    staff.save()
    settings.SECURE_HSTS_SECONDS = 31536000
    client.force_login(staff)

    for url in pages:
        response = client.get(url, secure=True)

        assert response.status_code in (200, 404), url
        assert _csp(response) == EXPECTED_CSP, url
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert response["Permissions-Policy"].startswith("camera=(self), geolocation=()"), url
        assert "microphone=()" in response["Permissions-Policy"]
        assert response["Strict-Transport-Security"].startswith("max-age=31536000"), url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_it_sends_the_policy_with_the_lockout_page_too(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 1
    client.post(reverse("login"), {"username": staff.username, "password": "wrong"})

    response = client.post(reverse("login"), {"username": staff.username, "password": "wrong"})

    assert response.status_code == 429
    assert _csp(response) == EXPECTED_CSP


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"),
    re.compile(r"<style\b"),
    re.compile(r"\sstyle=\""),
    re.compile(r"\son[a-z]+=\""),
    re.compile(r"javascript:"),
]


def test_no_template_has_an_inline_script_style_or_event_handler():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for pattern in INLINE
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]

    assert found == []
