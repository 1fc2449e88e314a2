"""Thai first: the language is Thai unless the user picked another with the switch; a query
cancelled by the statement timeout answers a Thai 503 page."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
