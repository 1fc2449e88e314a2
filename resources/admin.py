"""Administrators manage the national and provincial directory here (a centre's head manages
its own in the portal), and can inspect referrals and events."""

from django.contrib import admin
from django.db import models

from resources.models import Event, EventPhoto, Offer, Participant, Referral, Resource


class OfferInline(admin.StackedInline):
    model = Offer
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "organisation_type",
        "coverage",
        "province",
        "centre",
        "is_active",
    ]
    list_filter = ["kind", "coverage", "organisation_type", "is_active", "is_approved"]
    list_select_related = ["province", "centre__district"]
    search_fields = ["name", "offers_text", "expertise"]
    autocomplete_fields = ["centre", "person"]
    raw_id_fields = ["village"]
    filter_horizontal = ["service_types"]
    readonly_fields = ["created_by"]
    inlines = [OfferInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request, obj=None) -> bool:
        # A resource that has referrals is retired (unticked "active"), never deleted.
        if obj is not None and obj.referrals.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["request", "resource", "status", "sent_on", "follow_up_on", "centre"]
    list_filter = ["status", "resource__kind"]
    list_select_related = ["request", "resource", "centre__district"]
    search_fields = ["request__reference", "resource__name", "asked"]
    raw_id_fields = ["request", "resource", "offer", "sent_by"]
    readonly_fields = ["status"]  # moves go through resources.actions
    date_hierarchy = "sent_on"


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["person", "group"]


class EventPhotoInline(admin.TabularInline):
    model = EventPhoto
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at", "content_type"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["topic", "kind", "starts_on", "centre"]
    list_filter = ["kind", "place_kind"]
    list_select_related = ["centre__district"]
    search_fields = ["topic", "organiser"]
    raw_id_fields = ["village", "requests", "created_by"]
    filter_horizontal = ["speakers", "service_types"]
    date_hierarchy = "starts_on"
    inlines = [ParticipantInline, EventPhotoInline]
