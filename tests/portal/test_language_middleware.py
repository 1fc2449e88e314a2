"""The portal opens in Thai whatever the browser asks for; the switch changes it."""

from django.conf import settings
from django.urls import reverse


def test_it_answers_in_thai_even_when_the_browser_prefers_english(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "th"
    assert '<html lang="th">' in response.content.decode()


def test_it_ignores_a_language_cookie_it_does_not_offer(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("login"))

    assert response.headers["Content-Language"] == "th"


def test_it_switches_to_english_and_back_with_the_language_switch(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    english = client.get(reverse("login"))
    client.post(reverse("set_language"), {"language": "th", "next": reverse("login")})
    thai = client.get(reverse("login"))

    assert english.headers["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()
    assert thai.headers["Content-Language"] == "th"
