"""render() for pages with forms: a submitted form with errors answers 422, not 200.

Bad input is the client's error: the page shows each message next to its field, and the
status says so too (to scripts, monitoring and tests), never a 500 and never a silent 200.
"""

from typing import TYPE_CHECKING

from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# For the type checker only: the mixin goes on form views (at run time its base is object).
if TYPE_CHECKING:
    from django.views.generic.edit import FormView

    _FormViewBase = FormView
else:
    _FormViewBase = object

UNPROCESSABLE = 422


def _rejected(value: object) -> bool:
    if isinstance(value, BaseForm | BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


def render_form(
    request: HttpRequest, template: str, context: dict, *, status: int = 200
) -> HttpResponse:
    if any(_rejected(v) for v in context.values()):
        status = UNPROCESSABLE
    return render(request, template, context, status=status)


class UnprocessableOnErrorMixin(_FormViewBase):
    """For Django's class-based form views (login, password change): 422 on errors."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=UNPROCESSABLE)
