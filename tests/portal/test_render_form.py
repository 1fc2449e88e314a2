"""Pages with forms answer 422 when a submitted form has errors, and 200 otherwise."""

from django import forms
from django.test import RequestFactory

from portal.shortcuts import render_form


class NameForm(forms.Form):
    name = forms.CharField()


def _status(context, **kwargs) -> int:
    request = RequestFactory().get("/")
    return render_form(request, "includes/pagination.html", context, **kwargs).status_code


def test_it_answers_422_for_a_submitted_form_with_errors():
    assert _status({"form": NameForm({"name": ""})}) == 422


def test_it_answers_200_for_an_empty_or_a_valid_form():
    assert _status({"form": NameForm()}) == 200
    assert _status({"form": NameForm({"name": "สมชาย"})}) == 200


def test_it_keeps_a_given_status_when_every_form_is_valid():
    assert _status({"form": NameForm({"name": "สมชาย"})}, status=409) == 409
    assert _status({"form": NameForm({"name": ""})}, status=409) == 422
