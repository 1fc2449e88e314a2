"""The centre's committee: the roster with terms, the rounds of review a request goes through
before the committee, members' opinions and declared conflicts, meetings with attendance, and
the resolutions that move the request.

Rules that span rows (quorum, votes bounded by those present, one open round) are enforced in
``committees/actions.py``, the only writer; the database backs up each rule it can express.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, CentreScopedQuerySet
from clients.models import Person
from portal.lib.fiscal import fiscal_year_range
from services.models import ServiceRequest, ServiceType, Status, Visit


class Category(models.TextChoices):
    OTOP = "otop", _("OTOP network representative")
    COMMUNITY_LEADER = "community_leader", _("Community leader")
    LOCAL_SAGE = "local_sage", _("Local sage or expert")
    QUALIFIED = "qualified", _("Qualified person")
    CDO = "cdo", _("Community development officer")
    PARTNER = "partner", _("Partner agency representative")


class Position(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class CommitteeMemberQuerySet(CentreScopedQuerySet):
    def sitting(self, on: date | None = None) -> "CommitteeMemberQuerySet":
        """The members whose term covers ``on`` (today by default), both ends included."""
        on = on or timezone.localdate()
        return self.filter(term_start__lte=on, term_end__gte=on)

    def past(self, on: date | None = None) -> "CommitteeMemberQuerySet":
        return self.filter(term_end__lt=on or timezone.localdate())

    def ending_within(self, days: int, on: date | None = None) -> "CommitteeMemberQuerySet":
        on = on or timezone.localdate()
        return self.sitting(on).filter(term_end__lte=on + timedelta(days=days))


class CommitteeMember(models.Model):
    """One term of one person on a centre's committee (a second term is a second row)."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="committee_members",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, term_start, term_end) index serves it
    )
    title = models.CharField(_("title"), max_length=50, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_terms",
        verbose_name=_("registry person"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    ended_early_reason = models.TextField(_("reason the term ended early"), blank=True)
    expertise = models.ManyToManyField(
        ServiceType, blank=True, related_name="committee_members", verbose_name=_("expertise")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_terms",
        verbose_name=_("login"),
    )

    objects = CommitteeMemberQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[expertise])

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["centre", "position", "first_name", "last_name"]
        indexes = [models.Index(fields=["centre", "term_start", "term_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="committeemember_term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("committees:member-edit", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    def sits_on(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.term_start <= on <= self.term_end

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
        if self.user_id and self.centre_id and self.term_start and self.term_end:
            overlapping = CommitteeMember.objects.filter(
                centre_id=self.centre_id,
                user_id=self.user_id,
                term_start__lte=self.term_end,
                term_end__gte=self.term_start,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    {"user": _("This login already has a term on this committee at those dates.")}
                )


class CommitteeSettings(models.Model):
    """How a centre's committee works: whether it may resolve by circulation (มติเวียน)."""

    centre = models.OneToOneField(
        Centre,
        on_delete=models.CASCADE,
        related_name="committee_settings",
        verbose_name=_("centre"),
    )
    allows_circulation = models.BooleanField(
        _("allows resolutions by circulation"),
        default=False,
        help_text=_("A case may be decided by the members' written opinions, without a meeting."),
    )

    class Meta:
        verbose_name = _("committee settings")
        verbose_name_plural = _("committee settings")

    def __str__(self) -> str:
        return str(self.centre)


def days_waited(opened_at: datetime, decided_at: datetime | date) -> int:
    """The days a case waited before the committee: from the local day it was put before it to
    the day it was decided (the dashboards' roll-ups and ``committees.stats`` both use this)."""
    end = timezone.localdate(decided_at) if isinstance(decided_at, datetime) else decided_at
    return (end - timezone.localdate(opened_at)).days


class RoundQuerySet(CentreScopedQuerySet):
    def open(self) -> "RoundQuerySet":
        return self.filter(closed_at__isnull=True)

    def with_related(self) -> "RoundQuerySet":
        return self.select_related(
            "centre__district",
            "request__client_group",
            "request__person",
            "request__service_type",
        )

    def reviewed_in(self, fiscal_year: int) -> "RoundQuerySet":
        """Rounds opened in the Thai fiscal year ``fiscal_year`` (BE): the dashboard's count."""
        start, end = fiscal_year_range(fiscal_year)
        return self.filter(opened_at__date__gte=start, opened_at__date__lte=end)


class Round(models.Model):
    """One time a request is before the committee: its question and summary, the opinions
    given and, when it closes, the resolution. A request can come back for another round."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="committee_rounds",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, closed_at, opened_at) index serves it
    )
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.PROTECT,
        related_name="committee_rounds",
        verbose_name=_("request"),
        db_index=False,  # the unique (request, number) serves it
    )
    number = models.PositiveSmallIntegerField(_("round"), default=1)
    question = models.TextField(_("question for the committee"))
    summary = models.TextField(_("case summary"))
    opened_at = models.DateTimeField(_("put before the committee at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("put forward by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("case before the committee")
        verbose_name_plural = _("cases before the committee")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["centre", "closed_at", "opened_at"])]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="round_unique_number"),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(closed_at__isnull=True),
                name="round_one_open_round_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} · {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("committees:case-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def days_waiting(self, today: date | None = None) -> int:
        return days_waited(self.opened_at, self.closed_at or today or timezone.localdate())


class Opinion(models.TextChoices):
    SUPPORT = "support", _("Support")
    SUPPORT_WITH_CONDITIONS = "conditions", _("Support with conditions")
    DO_NOT_SUPPORT = "against", _("Do not support")


class Review(models.Model):
    """A member's opinion in one round; changed until the round closes, every change kept."""

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("round"),
        db_index=False,  # the unique (round, member) serves it
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("member")
    )
    opinion = models.CharField(_("opinion"), max_length=20, choices=Opinion.choices)
    note = models.TextField(_("note"), blank=True)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["given_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="review_one_per_member"),
            models.CheckConstraint(
                condition=Q(opinion="support") | ~Q(note=""), name="review_note_unless_support"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_opinion_display()}"


class ConflictOfInterest(models.Model):
    """A member's declared conflict in a round: their opinion then does not count."""

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("round"),
        db_index=False,  # the unique (round, member) serves it
    )
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        related_name="conflicts",
        verbose_name=_("member"),
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="conflict_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.round}"


class MeetingQuerySet(CentreScopedQuerySet):
    def upcoming(self, now=None) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def held(self, now=None) -> "MeetingQuerySet":
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="committee_meetings",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, starts_at) index serves it
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    rounds = models.ManyToManyField(
        Round, blank=True, related_name="meetings", verbose_name=_("cases on the agenda")
    )
    other_items = models.TextField(_("other agenda items"), blank=True)
    minutes_taker = models.ForeignKey(
        CommitteeMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes taker"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["centre", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.centre} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("committees:meeting-detail", kwargs={"pk": self.pk})

    @property
    def on(self) -> date:
        return timezone.localdate(self.starts_at)


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("meeting"),
        db_index=False,  # the unique (meeting, member) serves it
    )
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        related_name="attendance",
        verbose_name=_("member"),
    )
    presence = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_presence_display()}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "conditions", _("Approved with conditions")
    NOT_APPROVED = "not_approved", _("Not approved")
    DEFERRED = "deferred", _("Deferred")


# Where an approval sends the request: back to work, or referred to a resource.
APPROVED_NEXT = (Status.IN_PROGRESS, Status.REFERRED)


class ResolutionQuerySet(CentreScopedQuerySet):
    centre_path = "round__centre__"

    def in_fiscal_year(self, fiscal_year: int) -> "ResolutionQuerySet":
        start, end = fiscal_year_range(fiscal_year)
        return self.filter(recorded_at__date__gte=start, recorded_at__date__lte=end)

    def count_by_outcome(self) -> dict[str, int]:
        rows = self.order_by().values_list("outcome").annotate(n=models.Count("pk"))
        return dict(rows)


class Resolution(models.Model):
    """The committee's decision on one round: at a meeting with quorum, or by circulation.

    Written only by ``committees.actions``; the admin shows it read-only."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("case")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("meeting"),
        help_text=_("Empty for a resolution by circulation."),
    )
    outcome = models.CharField(_("resolution"), max_length=20, choices=Outcome.choices)
    next_status = models.CharField(
        _("the request goes"), max_length=20, choices=Status.choices, blank=True
    )
    text = models.TextField(_("text of the resolution"))
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstaining = models.PositiveSmallIntegerField(_("abstaining"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "meeting"],
                condition=Q(meeting__isnull=False),
                name="resolution_one_per_case_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["approved", "conditions"], next_status__in=APPROVED_NEXT)
                | (~Q(outcome__in=["approved", "conditions"]) & Q(next_status="")),
                name="resolution_next_status_only_for_approvals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_outcome_display()}"

    @property
    def by_circulation(self) -> bool:
        return self.meeting_id is None


class VisitParticipant(models.Model):
    """A committee member who went on a visit (the visit's staff are on ``Visit.staff``)."""

    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        related_name="committee_participants",
        db_index=False,  # the unique (visit, member) serves it
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.PROTECT, related_name="visits", verbose_name=_("member")
    )

    class Meta:
        verbose_name = _("committee member on a visit")
        verbose_name_plural = _("committee members on visits")
        constraints = [
            models.UniqueConstraint(fields=["visit", "member"], name="visitparticipant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.visit}"
