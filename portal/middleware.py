"""Thai first (the language is Thai unless the user picked another with the switch), no
control character reaching a view, sessions that end when idle, the Permissions-Policy header,
and a Thai 503 page for a query cancelled by the statement timeout."""

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
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


# Control characters: invisible, never typed on purpose, and NUL is refused by PostgreSQL
# (a 500 wherever it reached a query). Tab, line feed and carriage return are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A query string holds filters, a page number, a search of a few words: nothing longer than
# this is meaningful, and a longer search only makes the database work (a 100,000-character
# LIKE pattern is too complex for SQLite). ``next`` holds a whole URL with its own filters.
MAX_QUERY_VALUE = 200
MAX_NEXT_URL = 2000


def _cleaned(data: QueryDict, *, limit: int | None) -> QueryDict:
    """``data`` without control characters (and each value at most ``limit`` long)."""

    def clean(key: str, value: str) -> str:
        value = CONTROL_CHARACTERS.sub("", value)
        if limit is not None:
            value = value[: MAX_NEXT_URL if key == "next" else limit]
        return value

    if not any(
        CONTROL_CHARACTERS.search(key) or any(clean(key, v) != v for v in values)
        for key, values in data.lists()
    ):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        name = CONTROL_CHARACTERS.sub("", key)
        cleaned.setlist(name, [clean(name, value) for value in values])
    cleaned._mutable = False
    return cleaned


def cleaned_query_string(query: str) -> str:
    """A query string kept for later (a background export's filters), cleaned as the
    middleware cleans the one of a request: a hostile value reaches no query later either."""
    return _cleaned(QueryDict(query), limit=MAX_QUERY_VALUE).urlencode()


class ControlCharactersMiddleware:
    """Every query parameter and submitted value reaches the views without control characters
    (C0 except tab, line feed and carriage return, and DEL), and query parameters are bounded
    in length (MAX_QUERY_VALUE).

    Stripped rather than refused: they come from text pasted out of other programs (Word's
    line break is a vertical tab) and carry nothing a reader could see, so refusing the form
    would only lose what the user typed. Passwords are stripped alike when set and when
    typed, so they still match. A path holding them names no page: 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path):
            raise BadRequest("Control characters in the path")
        request.GET = _cleaned(request.GET, limit=MAX_QUERY_VALUE)
        if request.method == "POST":
            request.POST = _cleaned(request.POST, limit=None)
        return self.get_response(request)


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
