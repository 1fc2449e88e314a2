"""The admin's access attempts (django-axes) with a "targeted usernames" filter: usernames that
failed LOGIN_USER_ALERT_LIMIT times or more over all addresses (portal/signin.py). Deleting
an access attempt unlocks that username at that address."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import QuerySet
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


def install_signin_admin() -> None:
    """Replace axes' AccessAttempt admin (registered by autodiscover) with ours."""
    if isinstance(admin.site._registry.get(AccessAttempt), PortalAccessAttemptAdmin):
        return
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, PortalAccessAttemptAdmin)
