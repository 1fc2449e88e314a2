"""A ``next`` URL from a form or a query string, taken only when it is a path of ours."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_path(url: object, *, host: str, https: bool = False) -> str | None:
    """``url`` when it is a path on this site ("/services/…"), else None.

    A bare word ("²", "home") would pass url_has_allowed_host_and_scheme and then be taken by
    redirect() for a view name: NoReverseMatch, a 500.
    """
    if not isinstance(url, str) or not url.startswith("/"):
        return None
    return url if url_has_allowed_host_and_scheme(url, {host}, require_https=https) else None
