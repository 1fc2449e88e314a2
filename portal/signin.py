"""Sign-in lockout with django-axes (settings: "Sign-in"; policy in docs/decisions.md).

Axes locks a username at one address after AXES_FAILURE_LIMIT failures there (the combination
of username and address), for AXES_COOLOFF_TIME. An attacker at one address thus locks out
only themselves, never the user at their own desk. Guessing one username from many addresses
is caught by a looser per-user count: from LOGIN_USER_ALERT_LIMIT failures (all addresses,
within the cool-off) every further failure is logged as a warning, and the admin's access
attempts list the username under "targeted usernames", where an administrator can unlock.
"""

import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

log = logging.getLogger("portal.signin")

TOO_MANY_REQUESTS = 429


def recent_attempts() -> QuerySet[AccessAttempt]:
    """Failures that still count: within the cool-off."""
    return AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )


# As long as a username can be (auth.User.username): axes keeps what was typed in a 255-character
# column, so a longer (hostile) one would be a database error on PostgreSQL, not a failed login.
USERNAME_LENGTH = 150


def typed_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username axes records and locks by (AXES_USERNAME_CALLABLE): as typed, cut to the
    length a real username can have."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")  # axes sets its default
    username = credentials.get(field) if credentials else request.POST.get(field)
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username


def targeted_usernames() -> QuerySet[AccessAttempt]:
    """Usernames with LOGIN_USER_ALERT_LIMIT failures or more over all addresses (one query)."""
    return (
        recent_attempts()
        .exclude(username=None)
        .values("username")
        .annotate(
            failures=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True)
        )
        .filter(failures__gte=settings.LOGIN_USER_ALERT_LIMIT)
    )


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, with the per-user warning; tries while locked out are kept in
    the failure log too (axes skips them, so that they do not extend the cool-off)."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        already_locked_out = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        username = get_client_username(request, credentials) if request is not None else None
        if not username:
            return
        if already_locked_out:
            self._log_try_while_locked_out(request, username)
        for row in targeted_usernames().filter(username=username):
            log.warning(
                "Sign-in: %d failed logins for username %r from %d addresses within %s; "
                "see the admin's access attempts.",
                row["failures"],
                username,
                row["addresses"],
                settings.AXES_COOLOFF_TIME,
            )

    def _log_try_while_locked_out(self, request: HttpRequest, username: str) -> None:
        address = request.axes_ip_address  # type: ignore[attr-defined]
        log.warning("Sign-in: refused %r at %s, locked out.", username, address)
        AccessFailureLog.objects.create(
            username=username,
            ip_address=address,
            user_agent=request.axes_user_agent,  # type: ignore[attr-defined]
            http_accept=request.axes_http_accept,  # type: ignore[attr-defined]
            path_info=request.axes_path_info,  # type: ignore[attr-defined]
            attempt_time=request.axes_attempt_time,  # type: ignore[attr-defined]
            locked_out=True,
        )


def cool_off_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1)))


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The login page, with the lockout said in Thai above the form, and 429."""
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_out_minutes": cool_off_minutes(),
    }
    response = render(request, "registration/login.html", context, status=TOO_MANY_REQUESTS)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
