"""Django's login, logout and password-change pages: 422 when a form has errors, and a word on
the login page after logging out."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.translation import gettext as _

from portal.shortcuts import UnprocessableOnErrorMixin


class LoginView(UnprocessableOnErrorMixin, auth_views.LoginView):
    pass


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:  # the session is gone: the message rides in the cookie storage
            messages.success(request, _("You have logged out."))
        return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and tools that ask /favicon.ico without reading the page's <link rel=icon>."""
    return redirect(static("favicon.svg"), permanent=True)


class PasswordChangeView(UnprocessableOnErrorMixin, auth_views.PasswordChangeView):
    pass
