"""Resource linking: the directory of funding, production, market and knowledge sources (local
sages among them), referrals of requests to them and what came of it, and the centre's
training and learning-exchange events with their participants."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, CentreScopedQuerySet, Province, Village
from centres.scoping import headed_centre_ids, roles_of
from clients.models import ClientGroup, Person
from portal.lib.fiscal import fiscal_year_range
from services.models import ServiceRequest, ServiceType

CENTS = Decimal("0.01")
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Kind(models.TextChoices):
    FUNDING = "funding", _("Funding source")
    PRODUCTION = "production", _("Production source")
    MARKET = "market", _("Market")
    KNOWLEDGE = "knowledge", _("Knowledge source")


# Days from sending a referral to its follow-up, by the kind of resource: a loan takes a bank
# its committee round; a market or a trainer answers sooner.
FOLLOW_UP_DAYS = {Kind.FUNDING: 30, Kind.PRODUCTION: 14, Kind.MARKET: 14, Kind.KNOWLEDGE: 14}
# A referral still without an answer this many days after it was sent is flagged whatever its
# follow-up date says: moving the date on cannot hide it.
UNANSWERED_FLAG_DAYS = 60


class OrganisationType(models.TextChoices):
    GOVERNMENT = "government", _("Government agency")
    STATE_BANK = "state_bank", _("State bank")
    COOPERATIVE = "cooperative", _("Cooperative")
    PRIVATE = "private", _("Private company")
    COMMUNITY_ENTERPRISE = "community_enterprise", _("Community enterprise")
    NGO = "ngo", _("Non-governmental organisation")
    LOCAL_SAGE = "local_sage", _("Local sage")


class Coverage(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (this centre)")


class ResourceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ResourceQuerySet":
        """National resources to everyone with a role; a province's to every centre of that
        province (and its provincial officers); a centre's own to that centre (and its
        province's officers); everything to administrators."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        roles = roles_of(user)
        if not roles.by_centre and not roles.provinces:
            return self.none()
        centre_ids = list(roles.by_centre)
        provinces = set(roles.provinces) | set(
            Centre.objects.filter(pk__in=centre_ids).values_list("district__province_id", flat=True)
        )
        return self.filter(
            Q(coverage=Coverage.NATIONAL)
            | Q(coverage=Coverage.PROVINCE, province_id__in=provinces)
            | Q(coverage=Coverage.DISTRICT, centre_id__in=centre_ids)
            | Q(coverage=Coverage.DISTRICT, centre__district__province_id__in=roles.provinces)
        )

    def active(self) -> "ResourceQuerySet":
        return self.filter(is_active=True)

    def serving(self, centre: Centre) -> "ResourceQuerySet":
        """The resources a request of ``centre`` may be referred to (:meth:`Resource.serves`
        for one): active and approved, national, of its province, or its own."""
        return self.filter(is_active=True, is_approved=True).filter(
            Q(coverage=Coverage.NATIONAL)
            | Q(coverage=Coverage.PROVINCE, province_id=centre.district.province_id)
            | Q(coverage=Coverage.DISTRICT, centre=centre)
        )

    def search(self, text: str) -> "ResourceQuerySet":
        return self.filter(
            Q(name__icontains=text)
            | Q(offers_text__icontains=text)
            | Q(expertise__icontains=text)
            | Q(contact_person__icontains=text)
        )


class Resource(models.Model):
    """A funding, production, market or knowledge source a centre links clients to."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation_type = models.CharField(
        _("organisation type"), max_length=24, choices=OrganisationType.choices
    )
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province covered"),
        db_index=False,  # the (province, kind) index serves it
    )
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("centre (local resource)"),
        db_index=False,  # the (centre, kind) index serves it
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=50, blank=True)
    offers_text = models.TextField(_("what it offers"), blank=True)
    service_types = models.ManyToManyField(
        ServiceType, blank=True, related_name="resources", verbose_name=_("service types served")
    )
    # A local sage (ปราชญ์ชาวบ้าน): a knowledge resource with expertise, a village and maybe a
    # person of the registry.
    expertise = models.TextField(_("expertise"), blank=True)
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sage_records",
        verbose_name=_("registry person"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Staff propose a local resource; the head approves it (administrators manage national ones).
    is_approved = models.BooleanField(_("approved"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "name"]
        indexes = [
            models.Index(fields=["coverage", "kind"]),
            models.Index(fields=["centre", "kind"]),
            models.Index(fields=["province", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(coverage="national", province__isnull=True, centre__isnull=True)
                    | Q(coverage="province", province__isnull=False, centre__isnull=True)
                    | Q(coverage="district", province__isnull=True, centre__isnull=False)
                ),
                name="resource_coverage_matches_its_owner",
            ),
            models.CheckConstraint(
                condition=~Q(organisation_type="local_sage") | Q(kind="knowledge"),
                name="resource_sage_is_a_knowledge_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resources:resource-detail", kwargs={"pk": self.pk})

    @property
    def is_sage(self) -> bool:
        return self.organisation_type == OrganisationType.LOCAL_SAGE

    def serves(self, centre: Centre) -> bool:
        """Whether a request of ``centre`` may be referred here (the coverage rules, as
        :meth:`ResourceQuerySet.serving`)."""
        if not self.is_active or not self.is_approved:
            return False
        if self.coverage == Coverage.NATIONAL:
            return True
        if self.coverage == Coverage.PROVINCE:
            return self.province_id == centre.district.province_id
        return self.centre_id == centre.pk

    @property
    def follow_up_days(self) -> int:
        return FOLLOW_UP_DAYS[Kind(self.kind)]

    def clean(self) -> None:
        errors = {}
        if self.coverage == Coverage.PROVINCE and not self.province_id:
            errors["province"] = _("Choose the province this resource covers.")
        if self.coverage == Coverage.DISTRICT and not self.centre_id:
            errors["centre"] = _("Choose the centre this local resource belongs to.")
        if self.is_sage and self.kind != Kind.KNOWLEDGE:
            errors["kind"] = _("A local sage is a knowledge source.")
        if errors:
            raise ValidationError(errors)
        if self.coverage != Coverage.PROVINCE:
            self.province = None
        if self.coverage != Coverage.DISTRICT:
            self.centre = None


class Offer(models.Model):
    """What a resource offers on terms: a loan product, a market's fees, a training."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="offers", verbose_name=_("resource")
    )
    name = models.CharField(_("name"), max_length=200)
    # A loan product
    interest_rate = models.DecimalField(
        _("interest rate (% a year)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    ceiling = models.DecimalField(_("ceiling (baht)"), null=True, blank=True, **MONEY)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    # A market
    fees = models.TextField(_("fees"), blank=True)
    what_sells = models.TextField(_("what sells"), blank=True)
    # A training
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["resource", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gte=0),
                name="offer_ceiling_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @property
    def badge(self) -> str:
        return REFERRAL_BADGES[self]


REFERRAL_BADGES = {
    ReferralStatus.SENT: "text-bg-info",
    ReferralStatus.ACCEPTED: "text-bg-primary",
    ReferralStatus.DECLINED: "text-bg-warning",
    ReferralStatus.COMPLETED: "text-bg-success",
    ReferralStatus.WITHDRAWN: "text-bg-light border",
}
OPEN_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
ENDED_REFERRAL = (ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN)
# The one table of referral moves: from → the statuses it may move to.
REFERRAL_MOVES: dict[str, tuple[str, ...]] = {
    # An answer may come with the result (a loan approved and paid): sent → completed at once.
    ReferralStatus.SENT: (
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.COMPLETED,
        ReferralStatus.WITHDRAWN,
    ),
    ReferralStatus.ACCEPTED: (ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN),
    ReferralStatus.DECLINED: (),
    ReferralStatus.COMPLETED: (),
    ReferralStatus.WITHDRAWN: (),
}


# What the dashboards count of a referral, stated once (reports/rules.py reads these, and so do
# impact() and impact_of()): its outcome (money, sales, people trained) counts once the
# referral is completed; it was answered when the resource gave an answer (``responded_on``, set
# by every answer, and by a completion that came without one), and accepted unless that answer
# was no (an accepted referral withdrawn later was still accepted).
IMPACT_STATUS = ReferralStatus.COMPLETED


def was_answered(responded_on: date | None) -> bool:
    return responded_on is not None


def was_accepted(status: str, responded_on: date | None) -> bool:
    return was_answered(responded_on) and status != ReferralStatus.DECLINED


def follow_up_due_condition(today: date | None = None) -> Q:
    """What "follow-up due" means, once: still open, and past its follow-up date."""
    return Q(status__in=OPEN_REFERRAL, follow_up_on__lt=today or timezone.localdate())


def unanswered_condition(today: date | None = None) -> Q:
    """Sent long ago and still without an answer, whatever the follow-up date says."""
    limit = (today or timezone.localdate()) - timedelta(days=UNANSWERED_FLAG_DAYS)
    return Q(status=ReferralStatus.SENT, sent_on__lte=limit)


class ReferralQuerySet(CentreScopedQuerySet):
    def for_rows(self) -> "ReferralQuerySet":
        """What a row of a list shows (templates/resources/includes/referral_item.html), in
        six joined tables: the nine of :meth:`with_related` take PostgreSQL 8-9 ms to plan."""
        return self.select_related(
            "centre", "resource", "offer", "request__client_group", "request__person"
        )

    def with_related(self) -> "ReferralQuerySet":
        """Everything a referral's page and its e-mails show."""
        return self.select_related(
            "centre__district",
            "resource",
            "offer",
            "sent_by",
            "request__centre",
            "request__assigned_to",
            "request__client_group",
            "request__person",
        )

    def open(self) -> "ReferralQuerySet":
        return self.filter(status__in=OPEN_REFERRAL)

    def follow_up_due(self, today: date | None = None) -> "ReferralQuerySet":
        return self.filter(follow_up_due_condition(today) | unanswered_condition(today))

    def chased_by(self, user) -> "ReferralQuerySet":
        """The referrals that are the user's to chase: those they sent or whose request is
        theirs, and every one of the centres they head."""
        mine = Q(sent_by=user) | Q(request__assigned_to=user)
        headed = headed_centre_ids(user)
        if headed:
            mine |= Q(centre_id__in=headed)
        return self.filter(mine)

    def in_fiscal_year(self, year: int) -> "ReferralQuerySet":
        start, end = fiscal_year_range(year)
        return self.filter(sent_on__gte=start, sent_on__lte=end)

    def impact(self) -> dict:
        """The sums the dashboards read: money, sales (Decimal baht), people trained, and the
        referrals completed, of the completed referrals in this queryset."""
        done = self.filter(status=IMPACT_STATUS)
        sums = done.aggregate(
            money=Sum("money_obtained"),
            sales=Sum("sales"),
            trained=Sum("people_trained"),
            completed=Count("pk"),
            markets=Count("pk", filter=~Q(market_found="")),
        )
        sums["money"] = (sums["money"] or Decimal("0")).quantize(CENTS)
        sums["sales"] = (sums["sales"] or Decimal("0")).quantize(CENTS)
        sums["trained"] = sums["trained"] or 0
        return sums

    def impact_by_month(self):
        """Per centre and month completed: the same sums, by the month the result came in.

        The dashboards' roll-ups (reports/rules.py) count a referral's outcome in the month it
        was *sent*, with its other figures, so that the acceptance rate and the sums of a month
        are of the same referrals; this table answers "what came in that month"."""
        return (
            self.filter(status=IMPACT_STATUS)
            .annotate(month=TruncMonth("completed_on"))
            .values("centre_id", "month")
            .annotate(
                money=Sum("money_obtained"),
                sales=Sum("sales"),
                trained=Sum("people_trained"),
                completed=Count("pk"),
            )
            .order_by("centre_id", "month")
        )


def impact_of(referrals) -> dict:
    """:meth:`ReferralQuerySet.impact` for referrals already read (no query)."""
    done = [r for r in referrals if r.status == IMPACT_STATUS]
    return {
        "money": sum((r.money_obtained or Decimal("0") for r in done), Decimal("0")).quantize(
            CENTS
        ),
        "sales": sum((r.sales or Decimal("0") for r in done), Decimal("0")).quantize(CENTS),
        "trained": sum(r.people_trained or 0 for r in done),
        "completed": len(done),
        "markets": sum(bool(r.market_found) for r in done),
    }


class Referral(models.Model):
    """A request sent to a resource (maybe for one of its offers), followed up to its end."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, …) indexes serve it
    )
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("request"),
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("resource"),
        db_index=False,  # the (resource, status) index serves it
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("offer"),
    )
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    asked = models.TextField(_("what was asked"))
    amount_asked = models.DecimalField(_("amount asked (baht)"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    # The outcome
    money_obtained = models.DecimalField(_("money obtained (baht)"), null=True, blank=True, **MONEY)
    sales = models.DecimalField(_("sales or orders (baht)"), null=True, blank=True, **MONEY)
    people_trained = models.PositiveIntegerField(_("people trained"), null=True, blank=True)
    market_found = models.CharField(_("market found"), max_length=200, blank=True)
    other_result = models.TextField(_("other result"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-pk"]
        indexes = [
            models.Index(fields=["centre", "status", "follow_up_on"]),
            # The follow-ups due, soonest first (My work, the digest): read in order, not sorted.
            models.Index(fields=["centre", "follow_up_on", "id"]),
            models.Index(fields=["centre", "completed_on"]),
            models.Index(fields=["resource", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(money_obtained__isnull=True) | Q(money_obtained__gte=0),
                name="referral_money_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(sales__isnull=True) | Q(sales__gte=0),
                name="referral_sales_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount_asked__isnull=True) | Q(amount_asked__gte=0),
                name="referral_amount_asked_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="referral_completed_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(status="sent") | Q(status="withdrawn") | Q(responded_on__isnull=False),
                name="referral_answered_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.resource_id}"

    def get_absolute_url(self) -> str:
        return reverse("resources:referral-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL

    def is_follow_up_due(self, today: date | None = None) -> bool:
        return self.is_open and self.follow_up_on < (today or timezone.localdate())

    def is_unanswered_long(self, today: date | None = None) -> bool:
        limit = (today or timezone.localdate()) - timedelta(days=UNANSWERED_FLAG_DAYS)
        return self.status == ReferralStatus.SENT and self.sent_on <= limit

    def can_move_to(self, status: str) -> bool:
        return status in REFERRAL_MOVES.get(self.status, ())

    @staticmethod
    def follow_up_from(resource: Resource, sent_on: date) -> date:
        return sent_on + timedelta(days=resource.follow_up_days)


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    EXCHANGE = "exchange", _("Learning exchange")
    FAIR = "fair", _("Fair or market day")
    STUDY_VISIT = "study_visit", _("Study visit")
    PARTNER_MEETING = "partner_meeting", _("Meeting with partners")


class Place(models.TextChoices):
    CENTRE = "centre", _("At the centre")
    VILLAGE = "village", _("In a village")
    ELSEWHERE = "elsewhere", _("Elsewhere")


class EventQuerySet(CentreScopedQuerySet):
    pass


class Event(models.Model):
    """A training, learning exchange, fair, study visit or partners' meeting of a centre."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, -starts_on) index serves it
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    place_kind = models.CharField(
        _("where"), max_length=10, choices=Place.choices, default=Place.CENTRE
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    speakers = models.ManyToManyField(
        Resource, blank=True, related_name="events", verbose_name=_("trainers or speakers")
    )
    service_types = models.ManyToManyField(
        ServiceType, blank=True, related_name="events", verbose_name=_("service types")
    )
    requests = models.ManyToManyField(
        ServiceRequest, blank=True, related_name="events", verbose_name=_("requests served")
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    summary = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["centre", "-starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("resources:event-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first.")})


class Attendance(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


class ParticipantQuerySet(CentreScopedQuerySet):
    centre_path = "event__centre__"


class Participant(models.Model):
    """Someone at an event: a registry person or group, or a walk-in named on the day."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("person"),
    )
    group = models.ForeignKey(
        ClientGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("group"),
    )
    walk_in_name = models.CharField(_("walk-in's name"), max_length=200, blank=True)
    walk_in_phone = models.CharField(_("walk-in's phone"), max_length=20, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.REGISTERED
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    will_apply = models.TextField(_("what they will apply"), blank=True)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, group__isnull=True, walk_in_name="")
                    | Q(person__isnull=True, group__isnull=False, walk_in_name="")
                    | (Q(person__isnull=True, group__isnull=True) & ~Q(walk_in_name=""))
                ),
                name="participant_is_one_person_group_or_walk_in",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="participant_person_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["event", "group"],
                condition=Q(group__isnull=False),
                name="participant_group_once_per_event",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="participant_satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.person_id:
            return self.person.full_name
        if self.group_id:
            return self.group.name
        return self.walk_in_name


def event_photo_path(instance: "EventPhoto", filename: str) -> str:
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"events/{instance.event.centre_id}/{uuid.uuid4().hex}{suffix}"


class EventPhoto(models.Model):
    """A photo of an event; served only through a scoped view."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event")
    )
    file = models.FileField(_("photo"), upload_to=event_photo_path)
    content_type = models.CharField(_("type"), max_length=100)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.pk)
