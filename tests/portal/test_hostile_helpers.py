"""The helpers that keep hostile input away from the database: parse_int, local_path, the
control-characters middleware, and the id check of multiple choices."""

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory

from portal.forms import MAX_TYPED, IdMultipleChoiceField
from portal.lib.numbers import MAX_ID, parse_id, parse_int
from portal.lib.urls import local_path
from portal.middleware import MAX_QUERY_VALUE, ControlCharactersMiddleware


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        (42, 42),
        ("-3", None),
        ("²", None),
        ("๓", None),
        ("٣", None),
        ("1.5", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 20, None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("\x0012", None),
        ("12\u200f", None),
    ],
)
def test_it_takes_only_ascii_digits_within_bounds(text, expected):
    assert parse_int(text) == expected


def test_it_applies_bounds_and_a_default():
    assert parse_int("-3", min=-5) == -3
    assert parse_int("2571", min=2500, max=2600) == 2571
    assert parse_int("2701", min=2500, max=2600, default=2570) == 2570
    assert parse_id("0") is None
    assert parse_id("12") == 12


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/services/requests/?q=x", "/services/requests/?q=x"),
        ("²", None),
        ("home", None),
        ("//evil.example/", None),
        ("https://evil.example/", None),
        ("", None),
        (None, None),
    ],
)
def test_it_takes_a_next_url_only_when_it_is_a_path_of_ours(url, expected):
    assert local_path(url, host="testserver") == expected


def _seen(request_factory_call) -> dict:
    seen = {}

    def view(request):
        seen["GET"], seen["POST"] = request.GET, request.POST
        return HttpResponse()

    ControlCharactersMiddleware(view)(request_factory_call)
    return seen


def test_it_strips_control_characters_from_query_and_form_values():
    factory = RequestFactory()
    request = factory.post(
        "/x/?q=a%00b%1b&page=%007", {"note": "line\x0bone\r\ntwo\tthree\x00", "n\x00ame": "x"}
    )

    seen = _seen(request)

    assert seen["GET"]["q"] == "ab" and seen["GET"]["page"] == "7"
    assert seen["POST"]["note"] == "lineone\r\ntwo\tthree"
    assert seen["POST"]["name"] == "x"
    assert not seen["POST"]._mutable


def test_it_cuts_query_values_to_a_bound_but_not_the_next_url_or_posted_text():
    factory = RequestFactory()
    request = factory.post(f"/x/?q={'ก' * 500}&next=/{'a' * 500}", {"note": "ข" * 5_000})

    seen = _seen(request)

    assert len(seen["GET"]["q"]) == MAX_QUERY_VALUE
    assert len(seen["GET"]["next"]) == 501
    assert len(seen["POST"]["note"]) == 5_000


def test_it_answers_400_to_a_path_with_control_characters(client):
    assert client.get("/centres/%00/").status_code == 400
    assert client.get("/centres/%1b/").status_code == 400


def test_it_refuses_ids_that_are_no_ids_before_the_database(db):
    from django.contrib.auth.models import Group

    field = IdMultipleChoiceField(queryset=Group.objects.all())

    for bad in (["9" * 20], ["²"], ["-1"], ["1", "x"]):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(bad)
        assert refused.value.code == "invalid_pk_value"


def test_typed_boxes_are_bounded():
    from portal.forms import KeyedField

    field = KeyedField()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("ก" * (MAX_TYPED + 1))
    assert refused.value.code == "too_long"
