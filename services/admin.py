"""Administrators manage the service catalogue here, and can inspect requests and visits."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from services.models import (
    Attachment,
    RequestNote,
    ServiceRequest,
    ServiceType,
    StatusChange,
    Visit,
)
from services.visit_actions import delete_attachment


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
class ServiceRequestAdmin(NoHardDeleteMixin, SimpleHistoryAdmin):
    list_display = ["reference", "subject", "status", "service_type", "centre", "due_date"]
    list_filter = ["status", "channel", "urgency", "service_type", "fiscal_year"]
    list_select_related = ["service_type", "centre"]
    search_fields = ["reference", "subject", "client_group__name", "person__last_name"]
    autocomplete_fields = ["centre", "client_group", "person", "assigned_to", "received_by"]
    readonly_fields = ["reference", "fiscal_year", "sequence", "status"]
    date_hierarchy = "received_at"
    inlines = [StatusChangeInline, RequestNoteInline]


@admin.register(Visit)
class VisitAdmin(NoHardDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "planned_date", "status", "centre"]
    list_filter = ["kind", "status", "is_urgent"]
    list_select_related = ["centre"]
    search_fields = ["title", "centre__name"]
    autocomplete_fields = ["centre", "villages", "groups", "staff", "served_requests"]
    date_hierarchy = "planned_date"


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
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
