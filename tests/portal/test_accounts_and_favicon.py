"""Logging out says so on the login page it lands on; /favicon.ico leads to the portal's icon."""

from django.contrib import messages
from django.urls import reverse

LOGIN_URL = reverse("login")


def _messages(response) -> list[str]:
    return [str(message) for message in messages.get_messages(response.wsgi_request)]


def test_it_says_nothing_when_no_one_was_logged_in(client, db):
    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert _messages(response) == []


def test_it_says_signed_out_in_thai_on_the_login_page(client, staff):
    client.force_login(staff)

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert "_auth_user_id" not in client.session
    assert "ออกจากระบบแล้ว" in response.content.decode()
    assert "ออกจากระบบแล้ว" not in client.get(LOGIN_URL).content.decode()  # said once


def test_it_links_the_icon_in_every_page(client, db):
    html = client.get(LOGIN_URL).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_it_sends_favicon_ico_to_the_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url == "/static/favicon.svg"
