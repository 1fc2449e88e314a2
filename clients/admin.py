"""Administrators' view of the registry."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from centres.admin import CentreProvinceFilter
from clients.filters import search_persons
from clients.models import (
    ClientGroup,
    GroupMembership,
    GroupSnapshot,
    IdReveal,
    Person,
    Product,
    Standard,
    StarRating,
)
from clients.privacy import anonymise_person, export_person_data
from clients.resources import ClientGroupResource, GroupMembershipResource, PersonResource
from clients.views.privacy import json_download
from portal.admin import BigTableAdmin
from portal.lib.db import thai_order


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["person"]


class GroupSnapshotInline(admin.TabularInline):
    model = GroupSnapshot
    extra = 0


@admin.register(ClientGroup)
class ClientGroupAdmin(BigTableAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ClientGroupResource]
    list_display = ["name", "kind", "status", "centre", "registration_number"]
    list_filter = [
        "kind",
        "status",
        CentreProvinceFilter,
    ]
    list_select_related = ["centre"]
    search_fields = ["name", "registration_number"]  # each served by a trigram index
    ordering = [thai_order("name"), "pk"]
    autocomplete_fields = ["centre", "village"]
    inlines = [GroupMembershipInline, GroupSnapshotInline]


ANONYMISE_CONFIRMATION_TEMPLATE = "admin/clients/person/anonymise_confirmation.html"


@admin.action(description=_("Export personal data (PDPA)"))
def export_personal_data(modeladmin, request, queryset):
    """Everything the portal holds on the selected persons, as one JSON download."""
    if not request.user.is_superuser:
        raise PermissionDenied
    persons = queryset.with_place().select_related("consent_recorded_by").order_by("pk")
    data = [export_person_data(person=person, by=request.user) for person in persons]
    return json_download(data, filename="persons-data.json")


@admin.action(description=_("Anonymise on request (PDPA)"))
def anonymise(modeladmin, request, queryset):
    """Erase the selected persons' identifying data after a confirmation page."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.POST.get("post") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Anonymise persons"),
            "opts": modeladmin.model._meta,
            "queryset": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, ANONYMISE_CONFIRMATION_TEMPLATE, context)
    persons = list(queryset)
    done = sum(anonymise_person(person=person, by=request.user) for person in persons)
    message = ngettext("%(count)d person anonymised.", "%(count)d persons anonymised.", done)
    message %= {"count": done}
    if done < len(persons):
        message = f"{message} {gettext('The others had been anonymised already.')}"
    modeladmin.message_user(request, message, messages.SUCCESS)
    return None


@admin.register(Person)
class PersonAdmin(BigTableAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "masked_id", "phone", "centre", "is_anonymised"]
    list_filter = [
        "gender",
        "is_anonymised",
        CentreProvinceFilter,
    ]
    list_select_related = ["centre"]
    ordering = [thai_order("first_name"), thai_order("last_name"), "pk"]
    # Searching by a whole ID number finds the person without the list ever showing it.
    search_fields = ["first_name", "last_name", "phone", "=national_id"]
    autocomplete_fields = ["centre", "village", "consent_recorded_by"]

    actions = [export_personal_data, anonymise]

    def get_search_results(self, request, queryset, search_term):
        """The portal's person search (names and phone by their trigram indexes, a whole ID
        exactly), not the admin's UPPER() over every field."""
        return search_persons(queryset, search_term), False

    @admin.display(description=_("name"), ordering="first_name")
    def name(self, person: Person) -> str:
        return person.full_name

    @admin.display(description=_("national ID number"))
    def masked_id(self, person: Person) -> str:
        return person.masked_national_id


@admin.register(GroupMembership)
class GroupMembershipAdmin(BigTableAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [GroupMembershipResource]
    list_display = ["person", "group", "role", "joined_on", "left_on"]
    list_filter = ["role"]
    list_select_related = ["person", "group"]
    search_fields = ["person__first_name", "person__last_name", "group__name"]
    autocomplete_fields = ["person", "group"]


class StarRatingInline(admin.TabularInline):
    model = StarRating
    extra = 0


@admin.register(Product)
class ProductAdmin(BigTableAdmin, SimpleHistoryAdmin):
    list_display = ["name", "category", "group", "price", "unit"]
    list_filter = ["category", "standards"]
    list_select_related = ["group"]
    search_fields = ["name", "group__name"]
    autocomplete_fields = ["group"]
    filter_horizontal = ["standards"]
    inlines = [StarRatingInline]


@admin.register(GroupSnapshot)
class GroupSnapshotAdmin(BigTableAdmin, SimpleHistoryAdmin):
    list_display = ["group", "fiscal_year", "members", "capital", "annual_revenue"]
    list_filter = ["fiscal_year", "group__kind"]
    list_select_related = ["group"]
    search_fields = ["group__name"]
    autocomplete_fields = ["group"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(IdReveal)
class IdRevealAdmin(admin.ModelAdmin):
    """The PDPA log of who looked at which national ID: read-only, for administrators."""

    list_display = ["revealed_at", "user", "person"]
    list_filter = [("user", admin.RelatedOnlyFieldListFilter), "revealed_at"]
    list_select_related = ["user", "person"]
    search_fields = ["user__username", "person__first_name", "person__last_name"]
    date_hierarchy = "revealed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
