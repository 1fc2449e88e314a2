"""Administrators manage geography, centres, users and their roles here."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from centres.models import (
    AuditEvent,
    Centre,
    District,
    Membership,
    Province,
    Subdistrict,
    Village,
)
from portal.admin_i18n import TranslatedPermissionsMixin

User = get_user_model()


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["code", "name_th", "name_en"]
    autocomplete_fields = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "district", "postcodes"]
    list_filter = [("district__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["district"]
    search_fields = ["code", "name_th", "name_en", "postcodes"]
    autocomplete_fields = ["district"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "code", "subdistrict"]
    list_filter = [("subdistrict__district__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["subdistrict"]
    search_fields = ["name", "subdistrict__code", "subdistrict__name_th", "subdistrict__name_en"]
    autocomplete_fields = ["subdistrict"]


@admin.register(Centre)
class CentreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "province_name", "phone", "is_active"]
    list_filter = ["is_active", ("district__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["district__province"]
    search_fields = ["name", "district__code", "district__name_th", "district__name_en"]
    autocomplete_fields = ["district"]

    @admin.display(description=_("code"), ordering="district")
    def code(self, centre: Centre) -> str:
        return centre.district_id

    @admin.display(description=_("province"), ordering="district__province")
    def province_name(self, centre: Centre) -> str:
        return centre.district.province.name


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "centre", "province", "created_at"]
    list_filter = ["role", "province"]
    list_select_related = ["user", "centre", "province"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "centre__name"]
    autocomplete_fields = ["user", "centre", "province"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["centre", "province"]


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(TranslatedPermissionsMixin, UserAdmin):
    inlines = [MembershipInline]


@admin.register(Group)
class PortalGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    pass


class CentreProvinceFilter(admin.SimpleListFilter):
    """The province of the rows' centre, offered from the 77 provinces (not a DISTINCT over the
    rows, as RelatedOnlyFieldListFilter would), filtered by the province's centre ids, which
    the tables' (centre, …) indexes serve."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        return Province.objects.order_by("code").values_list("code", "name_th")

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        centres = Centre.objects.filter(district__province_id=self.value())
        return queryset.filter(centre_id__in=list(centres.values_list("pk", flat=True)))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The PDPA access trail, read-only: who revealed, exported, imported or anonymised what."""

    list_display = ["at", "user", "centre", "kind", "what", "count"]
    list_filter = [
        "kind",
        ("user", admin.RelatedOnlyFieldListFilter),
        ("centre", admin.RelatedOnlyFieldListFilter),
        "at",
    ]
    list_select_related = ["user", "centre"]
    search_fields = ["user__username", "what"]
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
