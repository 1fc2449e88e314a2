"""Django's login, logout and password-change pages (422 when a form has errors, a word on
the login page after logging out), the favicon, and the error pages (400, 403, 404, 500, CSRF
failure) in Thai in the portal's layout."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.html import escape
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


# Error pages: handler400/403/404/500 and CSRF_FAILURE_VIEW point here.


def _error_page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    context = {"status": status, "title": title, "text": text}
    return render(request, "errors/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    text = _(
        "The portal could not understand what your browser sent. Please go back and try again."
    )
    if isinstance(exception, MultiPartParserError):  # an upload whose parts could not be read
        text = _(
            "The file could not be received. If its name is very long, rename it to a shorter "
            "name and attach it again."
        )
    return _error_page(request, 400, _("The request could not be read"), text)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    text = _(
        "Your role does not allow this action or page. Ask the centre head or the administrator "
        "if you need it."
    )
    return _error_page(request, 403, _("You do not have permission"), text)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    text = _(
        "The page does not exist, or it belongs to a centre you do not work in. Check the "
        "address or start again from the home page."
    )
    return _error_page(request, 404, _("Page not found"), text)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    text = _(
        "The form was open for too long or the page was out of date, so it was not sent. Please "
        "go back, reload the page and send the form again."
    )
    return _error_page(request, 403, _("The form has expired"), text)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page is self-contained: no context processors and no database, which may be
    what failed."""
    try:
        html = loader.get_template("errors/500.html").render()
    except Exception:  # e.g. a static file missing from the manifest: still answer, plainly
        title, home = escape(_("Something went wrong")), escape(_("Go to the home page"))
        html = f'<!doctype html><meta charset="utf-8"><title>{title}</title><h1>{title}</h1>'
        html += f'<p><a href="/">{home}</a></p>'
    return HttpResponse(html, status=500)
