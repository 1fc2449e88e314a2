"""Administrators manage the roster and the committee settings here. Cases, opinions,
meetings and resolutions are shown read-only: they are written only through
``committees.actions`` (a resolution needs a meeting with quorum; nobody decides alone)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.actions import sync_access
from committees.models import (
    Attendance,
    CommitteeMember,
    CommitteeSettings,
    ConflictOfInterest,
    Meeting,
    Resolution,
    Review,
    Round,
    VisitParticipant,
)


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "centre", "category", "position", "term_start", "term_end"]
    list_filter = ["category", "position", "centre__district__province"]
    search_fields = ["first_name", "last_name", "centre__name", "centre__district__code"]
    raw_id_fields = ["person", "user"]
    autocomplete_fields = ["centre"]
    filter_horizontal = ["expertise"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        sync_access(form.instance.centre)  # the login's access follows the roster


@admin.register(CommitteeSettings)
class CommitteeSettingsAdmin(admin.ModelAdmin):
    list_display = ["centre", "allows_circulation"]
    autocomplete_fields = ["centre"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by committees.actions: no adding, changing or deleting here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReviewInline(ReadOnlyInline):
    model = Review


class ConflictInline(ReadOnlyInline):
    model = ConflictOfInterest


class AttendanceInline(ReadOnlyInline):
    model = Attendance


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["request", "number", "centre", "opened_at", "closed_at"]
    list_filter = ["centre__district__province"]
    search_fields = ["request__reference"]
    inlines = [ReviewInline, ConflictInline]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["centre", "starts_at", "place"]
    inlines = [AttendanceInline]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["round", "meeting", "outcome", "votes_for", "votes_against", "recorded_at"]
    list_filter = ["outcome"]


@admin.register(VisitParticipant)
class VisitParticipantAdmin(admin.ModelAdmin):
    list_display = ["member", "visit"]
    raw_id_fields = ["visit", "member"]
