"""The registry: community groups of the six target kinds, villagers, OTOP products and the
groups' yearly economic figures."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, CentreScopedQuerySet, Village
from centres.scoping import national_id_centre_ids
from portal.lib.dates import format_be_datetime
from portal.lib.db import thai_order
from portal.lib.phone import validate_thai_phone
from portal.lib.text import MAX_TEXT
from portal.lib.thai_id import mask_thai_id, validate_thai_id

BE_YEAR_VALIDATORS = [MinValueValidator(2400), MaxValueValidator(2700)]
ZERO = Decimal("0")


class GroupKind(models.TextChoices):
    OCCUPATIONAL = "occupational", _("Community occupational group")
    OTOP = "otop", _("OTOP producer or entrepreneur")
    SAVINGS = "savings", _("Savings group for production")
    POVERTY_FUND = "poverty_fund", _("Poverty alleviation (KKKJ) village fund")
    VILLAGE_FUND = "village_fund", _("Village fund")
    OTHER = "other", _("Other community organisation or network")


class OtopProducerType(models.TextChoices):
    COMMUNITY_GROUP = "community_group", _("Community producer group")
    SINGLE_OWNER = "single_owner", _("Single-owner community producer")
    SME = "sme", _("Small and medium enterprise (SME)")


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    DISSOLVED = "dissolved", _("Dissolved")


class ClientGroupQuerySet(CentreScopedQuerySet):
    def with_place(self) -> "ClientGroupQuerySet":
        return self.select_related("centre", "village__subdistrict__district__province")

    def search(self, text: str) -> "ClientGroupQuerySet":
        return self.filter(Q(name__icontains=text) | Q(registration_number__icontains=text))

    def in_thai_order(self) -> "ClientGroupQuerySet":
        """By name in Thai dictionary order (indexed per centre and nationwide on PostgreSQL)."""
        return self.order_by(thai_order("name"), "pk")


class ClientGroup(models.Model):
    """A community group, fund or producer the centre serves."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="client_groups",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, …) indexes below serve it
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    otop_producer_type = models.CharField(
        _("OTOP producer type"), max_length=20, choices=OtopProducerType.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="client_groups", verbose_name=_("village")
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=50,
        blank=True,
        help_text=_("The number the group is registered under, where its kind has one."),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=10, blank=True, validators=[validate_thai_phone]
    )
    member_count = models.PositiveIntegerField(_("declared members"), null=True, blank=True)
    main_activity = models.TextField(
        _("main activity or products"), max_length=MAX_TEXT, blank=True
    )
    notes = models.TextField(_("notes"), max_length=MAX_TEXT, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ClientGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client group")
        verbose_name_plural = _("client groups")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["centre", "kind", "status"]),
            models.Index(fields=["centre", "name"]),
            models.Index(fields=["centre", "registration_number"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=GroupKind.OTOP) | Q(otop_producer_type=""),
                name="clientgroup_producer_type_only_for_otop",
            ),
            models.UniqueConstraint(
                fields=["centre", "kind", "registration_number"],
                condition=~Q(registration_number=""),
                name="clientgroup_unique_registration_per_centre_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clients:group-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.kind != GroupKind.OTOP and self.otop_producer_type:
            raise ValidationError(
                {"otop_producer_type": _("Only OTOP producers have a producer type.")}
            )
        if self.kind == GroupKind.OTOP and not self.otop_producer_type:
            raise ValidationError({"otop_producer_type": _("Choose the OTOP producer type.")})


class Title(models.TextChoices):
    MR = "mr", _("Mr")
    MRS = "mrs", _("Mrs")
    MISS = "miss", _("Miss")
    BOY = "boy", _("Master (boy)")
    GIRL = "girl", _("Miss (girl)")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other")
    UNSPECIFIED = "unspecified", _("Not stated")


class PersonQuerySet(CentreScopedQuerySet):
    def with_place(self) -> "PersonQuerySet":
        return self.select_related("centre", "village__subdistrict__district__province")

    def in_thai_order(self) -> "PersonQuerySet":
        """By first and last name in Thai dictionary order (indexed on PostgreSQL)."""
        return self.order_by(thai_order("first_name"), thai_order("last_name"), "pk")

    def search(self, text: str) -> "PersonQuerySet":
        query = Q()
        for word in text.split():
            if word.isascii() and word.isdigit():
                # Part of a phone number (stored as digits only), never of a name: searching
                # the names for it too read their trigram indexes for nothing, 40 ms of a
                # province's search by phone (issue 8).
                query &= Q(phone__contains=word)
            else:
                query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        return self.filter(query)

    def holding_national_id(self, number: str, user) -> "PersonQuerySet":
        """The person with this whole ID, if the user may search by ID at that person's
        centre (only its staff and head may: see centres.scoping.national_id_centre_ids)."""
        return self.filter(national_id=number, centre_id__in=national_id_centre_ids(user))


class Person(models.Model):
    """A villager the centre serves. The national ID is personal data under the PDPA."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("registering centre"),
        db_index=False,  # the (centre, …) indexes below serve it
    )
    title = models.CharField(_("title"), max_length=10, choices=Title.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    national_id = models.CharField(
        _("national ID number"),
        max_length=13,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_thai_id],
    )
    phone = models.CharField(
        _("phone"), max_length=10, blank=True, validators=[validate_thai_phone]
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year (BE)"), null=True, blank=True, validators=BE_YEAR_VALIDATORS
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=Gender.UNSPECIFIED
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("village"),
        db_index=False,  # the (village, birth_year) index serves it
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    is_anonymised = models.BooleanField(_("anonymised"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()
    # The history keeps no copy of the national ID: erasing it must erase it everywhere.
    history = HistoricalRecords(excluded_fields=["national_id"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["first_name", "last_name"]
        indexes = [
            models.Index(fields=["centre", "first_name", "last_name"]),
            models.Index(fields=["village", "birth_year"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=2400, birth_year__lte=2700),
                name="person_birth_year_is_be",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("clients:person-detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        # The label read from the enum: get_title_display() translates every title each call,
        # and lists show a name on every row.
        try:
            title = Title(self.title).label if self.title else ""
        except ValueError:  # a title this version does not know: shown as it is stored
            title = self.title
        return f"{title}{self.first_name} {self.last_name}".strip()

    @property
    def masked_national_id(self) -> str:
        return mask_thai_id(self.national_id) if self.national_id else ""


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    COMMITTEE = "committee", _("Committee")
    MEMBER = "member", _("Member")


class GroupMembershipQuerySet(CentreScopedQuerySet):
    centre_path = "group__centre__"  # scoped by the group's centre

    def current(self) -> "GroupMembershipQuerySet":
        return self.filter(left_on__isnull=True)


class GroupMembership(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="group_memberships", verbose_name=_("person")
    )
    group = models.ForeignKey(
        ClientGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = GroupMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "role", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group"],
                condition=Q(left_on__isnull=True),
                name="groupmembership_one_current_per_person_and_group",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="groupmembership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.group}"

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("The leaving date is before the joining date.")})


class ProductCategory(models.TextChoices):
    FOOD = "food", _("Food")
    BEVERAGES = "beverages", _("Beverages")
    TEXTILES = "textiles", _("Textiles and garments")
    HOUSEHOLD = "household", _("Household, decorative and souvenir items")
    HERBAL = "herbal", _("Non-food herbal products")


class Standard(models.Model):
    """A product standard or certification (อย., มผช., มอก., Halal, GAP…); a catalogue."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("product standard")
        verbose_name_plural = _("product standards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProductQuerySet(CentreScopedQuerySet):
    centre_path = "group__centre__"  # scoped by the group's centre


class Product(models.Model):
    group = models.ForeignKey(
        ClientGroup, on_delete=models.CASCADE, related_name="products", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("OTOP category"), max_length=20, choices=ProductCategory.choices)
    standards = models.ManyToManyField(
        Standard, blank=True, related_name="products", verbose_name=_("standards held")
    )
    other_standards = models.CharField(_("other standards"), max_length=200, blank=True)
    price = models.DecimalField(
        _("price (baht)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    objects = ProductQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[standards])

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["group", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="product_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StarRating(models.Model):
    """The OTOP Product Champion stars a product received in one selection year."""

    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("product"),
        db_index=False,  # the unique (product, year) serves it
    )
    year = models.PositiveSmallIntegerField(_("selection year (BE)"), validators=BE_YEAR_VALIDATORS)
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OTOP star rating")
        verbose_name_plural = _("OTOP star ratings")
        ordering = ["product", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="starrating_one_per_year"),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="starrating_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.year}: {self.stars}★"


def _money(verbose_name) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )


# The figures each kind of group reports; the others stay empty.
SNAPSHOT_FIGURES = {
    GroupKind.OCCUPATIONAL: ["members", "households", "annual_revenue", "debts_overdue"],
    GroupKind.OTOP: ["members", "households", "annual_revenue", "debts_overdue"],
    GroupKind.SAVINGS: [
        "members",
        "households",
        "capital",
        "monthly_savings",
        "loans_outstanding",
        "borrowers",
        "debts_overdue",
    ],
    GroupKind.POVERTY_FUND: [
        "members",
        "households",
        "capital",
        "loans_outstanding",
        "borrowers",
        "debts_overdue",
    ],
    GroupKind.VILLAGE_FUND: [
        "members",
        "households",
        "capital",
        "loans_outstanding",
        "borrowers",
        "debts_overdue",
    ],
    GroupKind.OTHER: ["members", "households", "annual_revenue"],
}
ALL_FIGURES = [
    "members",
    "households",
    "capital",
    "monthly_savings",
    "loans_outstanding",
    "borrowers",
    "annual_revenue",
    "debts_overdue",
]


class GroupSnapshotQuerySet(CentreScopedQuerySet):
    centre_path = "group__centre__"  # scoped by the group's centre


class GroupSnapshot(models.Model):
    """A group's economic figures for one fiscal year (BE)."""

    group = models.ForeignKey(
        ClientGroup,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("group"),
        db_index=False,  # the unique (group, fiscal_year) serves it
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (BE)"), validators=BE_YEAR_VALIDATORS
    )
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    capital = _money(_("total savings or fund capital (baht)"))
    monthly_savings = _money(_("monthly pledged savings (baht)"))
    loans_outstanding = _money(_("loans outstanding (baht)"))
    borrowers = models.PositiveIntegerField(_("borrowers"), null=True, blank=True)
    annual_revenue = _money(_("annual revenue (baht)"))
    debts_overdue = _money(_("debts overdue (baht)"))

    objects = GroupSnapshotQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["group", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "fiscal_year"], name="groupsnapshot_one_per_group_and_year"
            ),
            models.CheckConstraint(
                condition=(
                    (Q(capital__isnull=True) | Q(capital__gte=0))
                    & (Q(monthly_savings__isnull=True) | Q(monthly_savings__gte=0))
                    & (Q(loans_outstanding__isnull=True) | Q(loans_outstanding__gte=0))
                    & (Q(annual_revenue__isnull=True) | Q(annual_revenue__gte=0))
                    & (Q(debts_overdue__isnull=True) | Q(debts_overdue__gte=0))
                ),
                name="groupsnapshot_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.fiscal_year}"

    @property
    def figures(self) -> list[str]:
        """The figures this group's kind reports, in display order."""
        return SNAPSHOT_FIGURES.get(self.group.kind, ALL_FIGURES)

    def clean(self) -> None:
        if not self.group_id:
            return
        unused = [f for f in ALL_FIGURES if f not in self.figures and getattr(self, f) is not None]
        if unused:
            raise ValidationError(
                {f: _("This kind of group does not report this figure.") for f in unused}
            )


class IdReveal(models.Model):
    """A log line each time someone reveals a person's national ID (PDPA)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="id_reveals", verbose_name=_("person")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="id_reveals",
        verbose_name=_("revealed by"),
    )
    revealed_at = models.DateTimeField(_("revealed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("national ID reveal")
        verbose_name_plural = _("national ID reveals")
        ordering = ["-revealed_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.person_id} ({format_be_datetime(self.revealed_at)})"
