"""Thai first (the language is Thai unless the user picked another with the switch), sessions
that end when idle, the Permissions-Policy header, and a Thai 503 page for a query cancelled
by the statement timeout."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from portal.db import is_statement_timeout

logger = logging.getLogger(__name__)

# Seconds a browser or a load balancer is told to wait before trying a timed-out page again.
RETRY_AFTER_SECONDS = 60


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    Many officers' browsers and office PCs are set to English; the portal must still open in
    Thai. Only the language cookie that the switch sets (``set_language``) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", code)
        return response


# Session stamps (POSIX seconds): when the user signed in, and when they were last seen.
SIGNED_IN_AT = "portal_signed_in_at"
LAST_SEEN_AT = "portal_last_seen_at"
# "Last seen" is written at most once a minute, so that reading a page writes no session.
SEEN_RESOLUTION = timedelta(minutes=1)


def stamp_sign_in(session: SessionBase, moment: datetime) -> None:
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = moment.timestamp()


def session_has_expired(session: SessionBase, moment: datetime) -> bool:
    """Idle for longer than SESSION_IDLE_MINUTES, or signed in longer than SESSION_COOKIE_AGE."""
    now = moment.timestamp()
    idle = timedelta(minutes=settings.SESSION_IDLE_MINUTES).total_seconds()
    seen, signed_in = session.get(LAST_SEEN_AT, now), session.get(SIGNED_IN_AT, now)
    return now - seen > idle or now - signed_in > settings.SESSION_COOKIE_AGE


class IdleSessionMiddleware:
    """Signs out a session left idle (DJANGO_SESSION_IDLE_MINUTES) or older than two weeks.

    Sign-in stamps the session (``stamp_sign_in``, on ``user_logged_in``); each request moves
    "last seen" on. A session without stamps (signed in before this existed) gets them now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session, moment = request.session, timezone.now()
        if SESSION_KEY in session:
            if session_has_expired(session, moment):
                logout(request)
                messages.info(request, _("You were logged out after a long time without use."))
            elif moment.timestamp() - session.get(LAST_SEEN_AT, 0) >= SEEN_RESOLUTION.seconds:
                session[LAST_SEEN_AT] = moment.timestamp()
                session.setdefault(SIGNED_IN_AT, moment.timestamp())
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Permissions-Policy (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class StatementTimeoutMiddleware:
    """A query that outlived the statement timeout (settings.DB_STATEMENT_TIMEOUT_MS) was
    cancelled by PostgreSQL; the user gets a Thai "took too long" page with 503 instead of a
    500, and the log names the page, so that the slow page can be found and fixed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_statement_timeout(exception):
            return None
        logger.warning("Statement timeout on %s %s", request.method, request.path)
        html = loader.get_template("errors/503.html").render()
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
