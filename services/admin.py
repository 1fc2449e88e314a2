"""Administrators manage the service catalogue here, and can inspect requests and visits."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import BigTableAdmin
from services.filters import fiscal_years_of
from services.models import (
    Attachment,
    RequestNote,
    ServiceRequest,
    ServiceType,
    StatusChange,
    Visit,
)
from services.visit_actions import delete_attachment


class FiscalYearFilter(admin.SimpleListFilter):
    """The fiscal years from the calendar (services.filters.fiscal_years_of), not a DISTINCT
    over every request."""

    title = _("fiscal year (BE)")
    parameter_name = "fiscal_year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in fiscal_years_of(request.user)]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit() and len(value) == 4:
            return queryset.filter(fiscal_year=int(value))
        return queryset


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "target_days_normal", "target_days_urgent", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name_th", "name_en"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A type in use is retired (unticked "active"), never deleted: requests point at it.
        if obj is not None and obj.requests.exists():
            return False
        return super().has_delete_permission(request, obj)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # moves go through services.actions.transition_request


class NoHardDeleteMixin:
    """Casework is never deleted, not even by an administrator: a request is cancelled, a visit
    cancelled (docs/decisions.md). The admin offers neither the delete view nor the action."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RequestNoteInline(admin.TabularInline):
    model = RequestNote
    extra = 0
    can_delete = False  # the notes are the request's history
    readonly_fields = ["author", "created_at", "kind", "old_value", "new_value"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(NoHardDeleteMixin, BigTableAdmin, SimpleHistoryAdmin):
    list_display = ["reference", "subject", "status", "service_type", "centre", "due_date"]
    list_filter = ["status", "channel", "urgency", "service_type", FiscalYearFilter]
    list_select_related = ["service_type", "centre"]
    search_fields = ["reference", "subject", "client_group__name", "person__last_name"]
    autocomplete_fields = ["centre", "client_group", "person", "assigned_to", "received_by"]
    readonly_fields = ["reference", "fiscal_year", "sequence", "status"]
    # No date hierarchy: its DISTINCT over every request cannot be served by an index (the
    # fiscal-year filter does its work); see docs/decisions.md.
    inlines = [StatusChangeInline, RequestNoteInline]

    def get_search_results(self, request, queryset, search_term):
        """The portal's search (a reference by its prefix, the client's names by their own
        indexes), not the admin's OR across joins."""
        for word in search_term.split():
            queryset = queryset.search(word)
        return queryset, False


@admin.register(Visit)
class VisitAdmin(NoHardDeleteMixin, BigTableAdmin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "planned_date", "status", "centre"]
    list_filter = ["kind", "status", "is_urgent"]
    list_select_related = ["centre"]
    search_fields = ["title", "centre__name"]
    autocomplete_fields = ["centre", "villages", "groups", "staff", "served_requests"]
    # No date hierarchy, as for requests: the list is ordered by date and filtered by status.


@admin.register(Attachment)
class AttachmentAdmin(BigTableAdmin, admin.ModelAdmin):
    list_display = ["original_name", "content_type", "size", "centre", "uploaded_by", "uploaded_at"]
    list_select_related = ["centre", "uploaded_by"]
    search_fields = ["original_name", "caption"]
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_by", "centre"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser  # as the head of every centre (delete_attachment)

    def delete_model(self, request, obj: Attachment) -> None:
        """Through the action the delete page of the request or visit uses: the file goes from
        storage once the deletion is committed, and the request or visit keeps a trace."""
        delete_attachment(obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for attachment in queryset.select_related("centre__district"):
            delete_attachment(attachment, by=request.user)
