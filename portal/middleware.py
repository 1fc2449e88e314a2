"""Thai first: the language is Thai unless the user picked another with the switch; and no
control character reaches a view."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
