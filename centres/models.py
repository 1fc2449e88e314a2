"""Thai geography, the district centres, and who may see which centre."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.lib.text import MAX_ADDRESS


def _digits(length: int) -> RegexValidator:
    return RegexValidator(rf"^\d{{{length}}}$", _("Enter the official code, in digits only."))


class GeographyUnit(models.Model):
    """Shared fields of the DOPA units: the official code is the primary key."""

    name_th = models.CharField(_("Thai name"), max_length=100, db_index=True)
    name_en = models.CharField(_("English name"), max_length=100, db_index=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Thai unless English is chosen)."""
        return getattr(self, self.name_field())

    @staticmethod
    def name_field() -> str:
        """The field holding the name in the active language, for a query that reads values."""
        return "name_en" if (get_language() or "th").startswith("en") else "name_th"


class Province(GeographyUnit):
    code = models.CharField(_("code"), max_length=2, primary_key=True, validators=[_digits(2)])

    class Meta(GeographyUnit.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(GeographyUnit):
    code = models.CharField(_("code"), max_length=4, primary_key=True, validators=[_digits(4)])
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province")
    )

    class Meta(GeographyUnit.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class SubdistrictQuerySet(models.QuerySet):
    def search(self, text: str) -> "SubdistrictQuerySet":
        """By code prefix, or by Thai or English name (``ตำบล``/``แขวง`` prefixes ignored)."""
        if text.isdigit():
            return self.filter(code__startswith=text)
        name = text.removeprefix("ตำบล").removeprefix("แขวง").strip()
        return self.filter(Q(name_th__icontains=name) | Q(name_en__icontains=name))


class Subdistrict(GeographyUnit):
    code = models.CharField(_("code"), max_length=6, primary_key=True, validators=[_digits(6)])
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("district")
    )
    # Space-separated, as DOPA lists them: a few subdistricts have two postcodes.
    postcodes = models.CharField(_("postcodes"), max_length=30, blank=True)

    objects = SubdistrictQuerySet.as_manager()

    class Meta(GeographyUnit.Meta):
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.split()


def village_label(number: int, name: str) -> str:
    """A village as people name it: หมู่ 3 บ้านป่าแดด (Moo 3 Ban Pa Daet)."""
    moo = _("Moo %(number)d") % {"number": number}
    return f"{moo} {name}".strip()


class Village(models.Model):
    """A หมู่บ้าน, created as needed: villages are many and change more often than the rest."""

    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        related_name="villages",
        verbose_name=_("subdistrict"),
        db_index=False,  # the unique (subdistrict, number) serves it
    )
    number = models.PositiveSmallIntegerField(
        _("village number (Moo)"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    name = models.CharField(_("village name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["subdistrict", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "number"], name="village_unique_number_per_subdistrict"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=99), name="village_number_1_to_99"
            ),
        ]

    def __str__(self) -> str:
        return village_label(self.number, self.name)

    @property
    def code(self) -> str:
        """The 8-digit village code: subdistrict code followed by the two-digit number."""
        return f"{self.subdistrict_id}{self.number:02d}"


class CentreScopedQuerySet(models.QuerySet):
    """The queryset of every model that belongs to one centre: ``visible_to(user)`` keeps the
    rows of the centres the user may see (``centres.scoping.centre_scope``)."""

    centre_path = "centre__"  # from the model to its Centre

    def visible_to(self, user):
        from centres.scoping import centre_scope  # scoping reads Membership, defined below

        return self.filter(centre_scope(user, via=self.centre_path))

    def of_district(self, code: str):
        """The rows of the centre of district ``code`` (?centre=5001, as the dashboards link),
        by the centre's id read first: filtered through a join to the centres table, a
        province's list of one centre was planned as a read of every visible row (74 ms of
        database at the largest centre, issue 8); by id, the (centre, …) indexes serve it."""
        ids = list(Centre.objects.filter(district_id=code).values_list("pk", flat=True))
        return self.filter(**{f"{self.centre_path}in": ids})


class CentreQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CentreQuerySet":
        from centres.scoping import centre_scope  # scoping reads Membership, defined below

        return self.filter(centre_scope(user)).select_related("district__province")

    def active(self) -> "CentreQuerySet":
        return self.filter(is_active=True)

    def search(self, text: str) -> "CentreQuerySet":
        """Centres whose name, district or province matches ``text`` (Thai, English or code)."""
        return self.filter(
            Q(name__icontains=text)
            | Q(district__code__startswith=text)
            | Q(district__name_th__icontains=text)
            | Q(district__name_en__icontains=text)
            | Q(district__province__name_th__icontains=text)
            | Q(district__province__name_en__icontains=text)
        )


OUTSIDE_DISTRICT = _(
    "Subdistrict %(subdistrict)s is in %(district)s, outside this centre's district "
    "(%(own)s). Choose a subdistrict of %(own)s; a client who has moved is registered by the "
    "centre of the district where they live now."
)


class Centre(models.Model):
    """One Grassroots Economy Promotion Service Centre per district."""

    district = models.OneToOneField(
        District, on_delete=models.PROTECT, related_name="centre", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), max_length=MAX_ADDRESS, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CentreQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["district"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:centre-home", kwargs={"code": self.district_id})

    @property
    def code(self) -> str:
        return self.district_id

    @property
    def province(self) -> Province:
        return self.district.province

    def serves(self, subdistrict: "Subdistrict") -> bool:
        """Whether the centre's clients and visits may be placed in ``subdistrict``: the one
        rule of place (forms of persons, groups and visits, and the import, keep it)."""
        return subdistrict.district_id == self.district_id

    def check_place(self, subdistrict: "Subdistrict") -> None:
        """Refuse a subdistrict outside the centre's district, with the message for its field.

        No exception in the staff pages: a client who moved to another district is served by
        that district's centre; an administrator moves the record there in the admin (the
        admin does not apply this rule, see docs/decisions.md)."""
        if not self.serves(subdistrict):
            raise ValidationError(
                OUTSIDE_DISTRICT,
                code="outside_district",
                params={
                    "subdistrict": subdistrict.name_th,
                    "district": subdistrict.district.name_th,
                    "own": self.district.name_th,
                },
            )

    @staticmethod
    def default_name(district: District) -> str:
        """The official name: the centre's title followed by the district's Thai name."""
        place = district.name_th
        # Bangkok's units are เขต, already named so; elsewhere the name is prefixed with อำเภอ.
        if not place.startswith("เขต"):
            place = f"อำเภอ{place}"
        return f"ศูนย์บริการส่งเสริมเศรษฐกิจฐานราก{place}"


class Role(models.TextChoices):
    STAFF = "staff", _("Centre staff")
    HEAD = "head", _("Centre head")
    COMMITTEE = "committee", _("Committee member")
    PROVINCE = "province", _("Provincial officer")


CENTRE_ROLES = (Role.STAFF, Role.HEAD, Role.COMMITTEE)
WRITE_ROLES = (Role.STAFF, Role.HEAD)


class Membership(models.Model):
    """A user's role at one centre, or (for provincial officers) over one province."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    centre = models.ForeignKey(
        Centre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("centre"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("province"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=CENTRE_ROLES, centre__isnull=False, province__isnull=True)
                    | Q(role=Role.PROVINCE, province__isnull=False, centre__isnull=True)
                ),
                name="membership_role_matches_centre_or_province",
            ),
            models.UniqueConstraint(
                fields=["user", "centre"],
                condition=Q(centre__isnull=False),
                name="membership_one_role_per_centre",
            ),
            models.UniqueConstraint(
                fields=["user", "province"],
                condition=Q(province__isnull=False),
                name="membership_one_role_per_province",
            ),
        ]

    def __str__(self) -> str:
        where = self.centre or self.province
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self) -> None:
        if self.role == Role.PROVINCE:
            if self.province_id is None:
                raise ValidationError({"province": _("A provincial officer needs a province.")})
            if self.centre_id is not None:
                raise ValidationError(
                    {"centre": _("A provincial officer is linked to a province, not a centre.")}
                )
        elif self.role:
            if self.centre_id is None:
                raise ValidationError({"centre": _("This role needs a centre.")})
            if self.province_id is not None:
                raise ValidationError(
                    {"province": _("A centre role is linked to a centre, not a province.")}
                )


class AuditKind(models.TextChoices):
    REVEAL = "reveal", _("National ID revealed")
    EXPORT = "export", _("List exported")
    IMPORT = "import", _("File imported")
    PERSONAL_DATA = "personal_data", _("Personal data exported (PDPA)")
    ANONYMISE = "anonymise", _("Person anonymised (PDPA)")


class AuditEvent(models.Model):
    """One access to personal data that the PDPA asks the portal to account for: who revealed
    an ID, exported a list, imported a file or anonymised a person, when, and at which centre.

    Written only by ``centres.audit.record_event``; never changed or deleted through the
    portal or the admin. ``what`` names the object (a person's number, a list's filters, a
    file name) without any personal data, so the trail survives an anonymisation unchanged.
    """

    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
        db_index=False,  # the (user, at) index serves it
    )
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, at) index serves it
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices)
    what = models.CharField(_("what"), max_length=500, blank=True)
    count = models.PositiveIntegerField(_("records"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("PDPA access trail")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["centre", "at"]),
            models.Index(fields=["kind", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.what}"
