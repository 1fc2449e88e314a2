"""django-import-export resources: the administrators' import and export in the Django admin.

Thai column headers (from clients.imports.columns, the one mapping), Thai words for choices,
BE dates. A row is found again by its ``รหัสในระบบ`` (id) column; rows without one are new.
The place is the 8-digit village code (subdistrict code + หมู่ที่), the village created if new.
Administrators import national IDs in full, but an export shows them masked: a file that
leaves the portal never carries them. Staff import through their own pages (clients.imports).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from centres.models import Centre, Subdistrict, Village
from clients.imports.columns import (
    ADMIN_HEADERS,
    GROUP_TABLE,
    MEMBERSHIP_TABLE,
    PERSON_TABLE,
    Table,
    choice_from_text,
    thai_word,
)
from clients.models import (
    ClientGroup,
    Gender,
    GroupKind,
    GroupMembership,
    GroupStatus,
    MemberRole,
    OtopProducerType,
    Person,
    Title,
)
from portal.lib.dates import parse_thai_date
from portal.lib.phone import format_thai_phone, normalize_thai_phone
from portal.lib.spreadsheets import be_date
from portal.lib.thai_id import normalize_thai_id, validate_thai_id


class ThaiChoiceWidget(widgets.Widget):
    """A choice as its Thai word; the code, a Thai word or the English label on import.

    An empty cell means ``blank``: None (with ``saves_null_values=False`` on the field: leave
    the stored choice, or the model's default for a new row) unless told otherwise.
    """

    def __init__(self, choices, *, blank: str | None = None, **kwargs) -> None:
        self.choices = choices
        self.blank = blank
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs) -> str | None:
        if value in (None, ""):
            return self.blank
        code = choice_from_text(self.choices, str(value))
        if code is None:
            raise ValueError(_("Unknown value “%(value)s”.") % {"value": value})
        return code

    def render(self, value, obj=None, **kwargs) -> str:
        return thai_word(self.choices, value) if value else ""


class BuddhistDateWidget(widgets.Widget):
    """dd/mm/yyyy with a BE year, as in the staff's spreadsheets."""

    def clean(self, value, row=None, **kwargs) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):  # a cell Excel read as a date: its year may be BE
            value = f"{value.day:02d}/{value.month:02d}/{value.year}"
        return parse_thai_date(str(value))

    def render(self, value, obj=None, **kwargs) -> str:
        return be_date(value)


class PhoneWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> str:
        return normalize_thai_phone(str(value)) if value not in (None, "") else ""

    def render(self, value, obj=None, **kwargs) -> str:
        return format_thai_phone(value) if value else ""


class NationalIdWidget(widgets.Widget):
    """A full ID on import (validated); blank or masked means "leave it as it is"."""

    def clean(self, value, row=None, **kwargs) -> str | None:
        text = normalize_thai_id(str(value or ""))
        if not text or text.lower().startswith("x"):
            return None
        try:
            validate_thai_id(text)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error
        return text


class VillageCodeWidget(widgets.Widget):
    """The 8-digit village code (50010103: subdistrict 500101, หมู่ 3), created if new."""

    def clean(self, value, row=None, **kwargs) -> Village | None:
        code = str(value or "").strip()
        if not code:
            return None
        if len(code) != 8 or not code.isdigit() or not 1 <= int(code[6:]) <= 99:
            raise ValueError(_("A village code has 8 digits: the subdistrict code and หมู่ที่."))
        if not Subdistrict.objects.filter(code=code[:6]).exists():
            raise ValueError(_("Unknown subdistrict code %(code)s.") % {"code": code[:6]})
        village, _created = Village.objects.get_or_create(
            subdistrict_id=code[:6], number=int(code[6:])
        )
        return village

    def render(self, value, obj=None, **kwargs) -> str:
        return value.code if value else ""


def _field(table: Table, name: str, widget=None, **kwargs) -> fields.Field:
    return fields.Field(
        attribute=name, column_name=table.column(name).header, widget=widget, **kwargs
    )


def _choice_field(table: Table, name: str, choices, **kwargs) -> fields.Field:
    return _field(table, name, ThaiChoiceWidget(choices, **kwargs), saves_null_values=False)


def _admin_field(name: str, widget=None, **kwargs) -> fields.Field:
    return fields.Field(attribute=name, column_name=ADMIN_HEADERS[name], widget=widget, **kwargs)


def _centre_field() -> fields.Field:
    return _admin_field("centre", widgets.ForeignKeyWidget(Centre, field="district_id"))


class ClientGroupResource(resources.ModelResource):
    id = _admin_field("id", widgets.IntegerWidget())
    centre = _centre_field()
    kind = _choice_field(GROUP_TABLE, "kind", GroupKind)
    # Empty means none: a group that is no longer OTOP loses its producer type.
    otop_producer_type = _choice_field(
        GROUP_TABLE, "otop_producer_type", OtopProducerType, blank=""
    )
    name = _field(GROUP_TABLE, "name")
    registration_number = _field(GROUP_TABLE, "registration_number")
    village = _admin_field("village", VillageCodeWidget())
    founded_on = _field(GROUP_TABLE, "founded_on", BuddhistDateWidget())
    status = _choice_field(GROUP_TABLE, "status", GroupStatus)
    contact_name = _field(GROUP_TABLE, "contact_name")
    contact_phone = _field(GROUP_TABLE, "contact_phone", PhoneWidget())
    member_count = _field(GROUP_TABLE, "member_count", widgets.IntegerWidget())
    main_activity = _field(GROUP_TABLE, "main_activity")
    notes = _field(GROUP_TABLE, "notes")

    class Meta:
        model = ClientGroup
        fields = (
            "id",
            "centre",
            "kind",
            "otop_producer_type",
            "name",
            "registration_number",
            "village",
            "founded_on",
            "status",
            "contact_name",
            "contact_phone",
            "member_count",
            "main_activity",
            "notes",
        )
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("centre", "village")


class PersonResource(resources.ModelResource):
    id = _admin_field("id", widgets.IntegerWidget())
    centre = _centre_field()
    title = _choice_field(PERSON_TABLE, "title", Title)
    first_name = _field(PERSON_TABLE, "first_name")
    last_name = _field(PERSON_TABLE, "last_name")
    # Never erased by an import: an empty or masked cell leaves the stored ID as it is.
    national_id = _field(PERSON_TABLE, "national_id", NationalIdWidget(), saves_null_values=False)
    phone = _field(PERSON_TABLE, "phone", PhoneWidget())
    birth_year = _field(PERSON_TABLE, "birth_year", widgets.IntegerWidget())
    gender = _choice_field(PERSON_TABLE, "gender", Gender)
    village = _admin_field("village", VillageCodeWidget())
    occupation = _field(PERSON_TABLE, "occupation")
    consent_on = _field(PERSON_TABLE, "consent_on", BuddhistDateWidget())

    class Meta:
        model = Person
        fields = (
            "id",
            "centre",
            "title",
            "first_name",
            "last_name",
            "national_id",
            "phone",
            "birth_year",
            "gender",
            "village",
            "occupation",
            "consent_on",
        )
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("centre", "village")

    def dehydrate_national_id(self, person: Person) -> str:
        """Masked in every export, administrators' included (PDPA)."""
        return person.masked_national_id

    def before_save_instance(self, instance: Person, row, **kwargs) -> None:
        if instance.consent_on and not instance.consent_recorded_by_id:
            instance.consent_recorded_by = kwargs.get("user")


class GroupMembershipResource(resources.ModelResource):
    id = _admin_field("id", widgets.IntegerWidget())
    person = _admin_field("person", widgets.ForeignKeyWidget(Person))
    person_name = fields.Field(column_name=ADMIN_HEADERS["person_name"], readonly=True)
    group = _admin_field("group", widgets.ForeignKeyWidget(ClientGroup))
    group_name = fields.Field(
        attribute="group__name",
        column_name=MEMBERSHIP_TABLE.column("group_name").header,
        readonly=True,
    )
    role = _choice_field(MEMBERSHIP_TABLE, "role", MemberRole)
    joined_on = _field(MEMBERSHIP_TABLE, "joined_on", BuddhistDateWidget())
    left_on = _field(MEMBERSHIP_TABLE, "left_on", BuddhistDateWidget())

    class Meta:
        model = GroupMembership
        fields = (
            "id",
            "person",
            "person_name",
            "group",
            "group_name",
            "role",
            "joined_on",
            "left_on",
        )
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("person", "group")

    def dehydrate_person_name(self, membership: GroupMembership) -> str:
        return f"{membership.person.first_name} {membership.person.last_name}"
