"""Administrators' view of the registry."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from centres.admin import CentreProvinceFilter
from centres.audit import record_event
from centres.models import AuditKind
from clients.filters import NUMBER, search_persons
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
from clients.privacy import anonymise_person, export_person_data, reveal_national_id
from clients.resources import ClientGroupResource, GroupMembershipResource, PersonResource
from clients.views.privacy import json_download
from portal.admin import BigTableAdmin
from portal.lib.db import thai_order
from portal.lib.thai_id import is_valid_thai_id, normalize_thai_id


class AuditedImportExportMixin:
    """The admin's spreadsheet import and export are in the PDPA access trail too."""

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)  # type: ignore[misc]
        what = f"admin:{self.model._meta.label_lower}"  # type: ignore[attr-defined]
        record_event(kind=AuditKind.EXPORT, user=request.user, what=what, count=len(queryset))
        return data

    def process_result(self, result, request):
        what = f"admin:{self.model._meta.label_lower}"  # type: ignore[attr-defined]
        totals = result.totals
        count = sum(totals.get(kind, 0) for kind in ("new", "update", "delete"))
        record_event(kind=AuditKind.IMPORT, user=request.user, what=what, count=count)
        return super().process_result(result, request)  # type: ignore[misc]


class NoHardDeleteMixin:
    """Persons and groups are never deleted, not even by an administrator: a person is
    anonymised, a group dissolved (docs/decisions.md). No delete view, no delete action."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["person"]


class GroupSnapshotInline(admin.TabularInline):
    model = GroupSnapshot
    extra = 0


@admin.register(ClientGroup)
class ClientGroupAdmin(
    NoHardDeleteMixin,
    AuditedImportExportMixin,
    BigTableAdmin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
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


class PersonAdminForm(forms.ModelForm):
    """The stored ID never appears in the form (PDPA): it shows masked, is revealed on purpose
    (a logged reveal), and is changed by typing a new one, which is empty by default."""

    new_national_id = forms.CharField(
        label=_("New national ID number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to keep the registered ID; type 13 digits to replace it."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    remove_national_id = forms.BooleanField(
        label=_("Remove the registered ID number"), required=False
    )

    class Meta:
        model = Person
        fields = [  # every field but the ID, which only new_national_id changes
            "centre",
            "title",
            "first_name",
            "last_name",
            "phone",
            "birth_year",
            "gender",
            "village",
            "occupation",
            "consent_on",
            "consent_recorded_by",
            "is_anonymised",
        ]

    def clean_new_national_id(self) -> str | None:
        number = normalize_thai_id(self.cleaned_data["new_national_id"])
        if not number:
            return None
        if not is_valid_thai_id(number):
            raise ValidationError(
                _("This is not a valid Thai national ID number: check the 13 digits."),
                code="invalid_thai_id",
            )
        holder = Person.objects.filter(national_id=number).exclude(pk=self.instance.pk).first()
        if holder is not None:
            raise ValidationError(
                _("This ID number is already registered to person %(pk)s."),
                code="registered",
                params={"pk": holder.pk},
            )
        return number

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("new_national_id") and cleaned.get("remove_national_id"):
            self.add_error("remove_national_id", _("Type a new ID number or remove it, not both."))
        return cleaned

    def save(self, commit: bool = True) -> Person:
        if self.cleaned_data.get("new_national_id"):
            self.instance.national_id = self.cleaned_data["new_national_id"]
        elif self.cleaned_data.get("remove_national_id"):
            self.instance.national_id = None
        return super().save(commit=commit)


REVEAL_TEMPLATE = "admin/clients/person/national_id_revealed.html"


@admin.register(Person)
class PersonAdmin(
    NoHardDeleteMixin,
    AuditedImportExportMixin,
    BigTableAdmin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
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
    form = PersonAdminForm
    readonly_fields = ["registered_national_id"]

    actions = [export_personal_data, anonymise]

    def get_urls(self):
        reveal = self.admin_site.admin_view(self.reveal_view)
        name = "clients_person_reveal_id"
        return [path("<int:pk>/reveal-id/", reveal, name=name), *super().get_urls()]

    @admin.display(description=_("registered national ID number"))
    def registered_national_id(self, person: Person) -> str:
        """Masked, with a button that reveals it (a logged reveal) on a page of its own."""
        if not person.pk or not person.national_id:
            return "—"
        url = reverse("admin:clients_person_reveal_id", kwargs={"pk": person.pk})
        return format_html(
            '{} <button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
            person.masked_national_id,
            url,
            gettext("Show the ID number (the view is logged)"),
        )

    def reveal_view(self, request, pk: int):
        """POST only: write the reveal to the log, then show the ID on a page of its own."""
        if request.method != "POST" or not request.user.is_superuser:
            raise PermissionDenied
        person = get_object_or_404(Person, pk=pk, national_id__isnull=False)
        context = {
            **self.admin_site.each_context(request),
            "title": _("National ID number"),
            "opts": self.model._meta,
            "person": person,
            "national_id": reveal_national_id(person=person, by=request.user),
        }
        return TemplateResponse(request, REVEAL_TEMPLATE, context)

    def get_search_results(self, request, queryset, search_term):
        """The portal's person search (names and phone by their trigram indexes), not the
        admin's UPPER() over every field; a whole national ID is matched exactly here, in the
        administrators' own search (outside the admin nobody but the centre's staff can)."""
        digits = re.sub(r"\D", "", search_term)
        if len(digits) == 13 and NUMBER.fullmatch(search_term.strip()):
            return queryset.filter(national_id=digits), False
        return search_persons(queryset, search_term, user=request.user), False

    @admin.display(description=_("name"), ordering="first_name")
    def name(self, person: Person) -> str:
        return person.full_name

    @admin.display(description=_("national ID number"))
    def masked_id(self, person: Person) -> str:
        return person.masked_national_id


@admin.register(GroupMembership)
class GroupMembershipAdmin(
    AuditedImportExportMixin, BigTableAdmin, ImportExportModelAdmin, SimpleHistoryAdmin
):
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
