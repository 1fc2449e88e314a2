"""The admin's access attempts (django-axes) with a "targeted usernames" filter: usernames that
failed LOGIN_USER_ALERT_LIMIT times or more over all addresses (portal/signin.py). Deleting
an access attempt unlocks that username at that address. Axes' models name themselves in
English in code (``__str__``); the admin shows them in the active language instead."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.signin import targeted_usernames


class TargetedUsernameFilter(admin.SimpleListFilter):
    title = _("targeted usernames")
    parameter_name = "targeted"

    def lookups(self, request, model_admin):
        return [("yes", _("Failed from several addresses or many times"))]

    def queryset(self, request, queryset: QuerySet[AccessAttempt]) -> QuerySet[AccessAttempt]:
        if self.value() == "yes":
            return queryset.filter(username__in=targeted_usernames().values("username"))
        return queryset


class PortalAccessAttemptAdmin(AccessAttemptAdmin):
    list_filter = [TargetedUsernameFilter, *AccessAttemptAdmin.list_filter]

    @admin.display(description=_("status"))
    def status(self, obj: AccessAttempt) -> str:
        return super().status(obj)


def _attempt_str(self: AccessAttempt) -> str:
    return gettext("Sign-in attempts of %(username)s from %(address)s") % {
        "username": self.username or "–",
        "address": self.ip_address or "–",
    }


def _failure_str(self: AccessFailureLog) -> str:
    text = (
        gettext("Refused sign-in of %(username)s from %(address)s (locked out)")
        if self.locked_out
        else gettext("Failed sign-in of %(username)s from %(address)s")
    )
    return text % {"username": self.username or "–", "address": self.ip_address or "–"}


def _log_str(self: AccessLog) -> str:
    return gettext("Sign-in of %(username)s from %(address)s") % {
        "username": self.username or "–",
        "address": self.ip_address or "–",
    }


def install_signin_admin() -> None:
    """Replace axes' AccessAttempt admin (registered by autodiscover) with ours, and its models'
    English names with translated ones."""
    AccessAttempt.__str__ = _attempt_str
    AccessFailureLog.__str__ = _failure_str
    AccessLog.__str__ = _log_str
    if isinstance(admin.site._registry.get(AccessAttempt), PortalAccessAttemptAdmin):
        return
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, PortalAccessAttemptAdmin)
