"""The centre's daily work: service requests and their workflow, visits, attachments."""

import re
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, CentreScopedQuerySet, Village
from clients.models import ClientGroup, Person
from portal.lib.text import MAX_TEXT


class ServiceType(models.Model):
    """The catalogue of services a centre gives; retired, never deleted, once used."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    description = models.TextField(_("description"), max_length=MAX_TEXT, blank=True)
    target_days_normal = models.PositiveSmallIntegerField(
        _("target days (normal)"), validators=[MinValueValidator(1)]
    )
    target_days_urgent = models.PositiveSmallIntegerField(
        _("target days (urgent)"), validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_days_urgent__lte=models.F("target_days_normal")),
                name="servicetype_urgent_not_slower_than_normal",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th

    def target_days(self, urgency: str) -> int:
        return self.target_days_urgent if urgency == Urgency.URGENT else self.target_days_normal


class Channel(models.TextChoices):
    ONSITE = "onsite", _("At the centre (walk-in, phone, letter)")
    OUTREACH = "outreach", _("Outreach (mobile visit)")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent situation")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    COMMITTEE = "committee", _("Before the committee")
    REFERRED = "referred", _("Referred to a resource")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        """The Bootstrap classes of the status's badge: one colour per status."""
        return STATUS_BADGES[self]


# One colour per status, each a Bootstrap text-bg-* pair whose text passes WCAG AA contrast;
# danger (red) is kept for "late" and "urgent".
STATUS_BADGES = {
    Status.RECEIVED: "text-bg-info",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.COMMITTEE: "text-bg-warning",
    Status.REFERRED: "text-bg-dark",
    Status.RESOLVED: "text-bg-success",
    Status.CLOSED: "text-bg-secondary",
    Status.CANCELLED: "text-bg-light border",
}

OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.COMMITTEE, Status.REFERRED)
DONE_STATUSES = (Status.RESOLVED, Status.CLOSED, Status.CANCELLED)


def overdue_condition(today: date | None = None) -> Q:
    """What "late" means, once: open, and past the due date. For a count among other counts;
    :meth:`ServiceRequestQuerySet.overdue` and :meth:`ServiceRequest.is_overdue` say the same."""
    return Q(status__in=OPEN_STATUSES, due_date__lt=today or timezone.localdate())


# A search's matching requests read as a list of ids when at most this many (else a subquery).
MAX_LISTED_MATCHES = 5000

# What a typed reference looks like: the district code, a dash, and the start of the rest.
REFERENCE_START = re.compile(r"\d{4}-\d{1,4}(-\d{0,5})?")


class ServiceRequestQuerySet(CentreScopedQuerySet):
    def with_related(self) -> "ServiceRequestQuerySet":
        """What a row of a list shows, in few joins: PostgreSQL takes 7-8 ms to plan the join
        of ten tables that following every relation to the client's subdistrict makes, and
        2.8 ms for these five; either runs in under 2 ms (issue 8). A page that shows the
        client's place adds :meth:`with_client_place`."""
        return self.select_related(
            "centre", "service_type", "client_group", "person", "assigned_to"
        )

    def with_client_place(self) -> "ServiceRequestQuerySet":
        """The client's village and subdistrict, in two small queries rather than four joins."""
        village = Village.objects.select_related("subdistrict")
        return self.prefetch_related(
            Prefetch("client_group__village", queryset=village),
            Prefetch("person__village", queryset=village),
        )

    def open(self) -> "ServiceRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None) -> "ServiceRequestQuerySet":
        return self.filter(overdue_condition(today))

    def due_between(self, start: date, end: date) -> "ServiceRequestQuerySet":
        return self.open().filter(due_date__gte=start, due_date__lte=end)

    def unassigned(self) -> "ServiceRequestQuerySet":
        return self.open().filter(assigned_to__isnull=True)

    def search(self, text: str, centre_ids: list[int] | None = None) -> "ServiceRequestQuerySet":
        """A reference (or its start, ``5001-2570-0``) by its prefix index; other text in the
        reference, the subject or the client's names, each served by a trigram index on
        PostgreSQL: the clients are found first, so no OR spans a join.

        ``centre_ids``: the centres searched (the user's), so that a common name is looked for
        among their clients, not the country's (สมศักดิ์ is 26,000 persons nationwide: 1.1 s
        for a centre's staff, 10 ms within their centre). A request's client is registered at
        its centre (services.actions.create_request)."""
        if REFERENCE_START.fullmatch(text):
            return self.filter(reference__startswith=text)
        groups = ClientGroup.objects.filter(name__icontains=text)
        persons = Person.objects.filter(
            Q(first_name__icontains=text) | Q(last_name__icontains=text)
        )
        found = ServiceRequest.objects.order_by().values("pk")
        if centre_ids is not None:
            groups, persons, found = (
                rows.filter(centre_id__in=centre_ids) for rows in (groups, persons, found)
            )
        # A reference holds digits and dashes only: Thai words are looked for in the subject.
        in_text = Q(subject__icontains=text)
        if any(c.isdigit() for c in text):
            in_text |= Q(reference__icontains=text)
        # Read the matches first when they are few: as a subquery the planner cannot guess
        # how few they are, and joins every request of the centres to their clients before it
        # filters (0.5 s at a large centre, against a few ms for the ids, then the page by its
        # key). One branch per index (an OR of subqueries is planned as a scan), joined by
        # UNION ALL so that reading stops at the bound.
        matches = found.filter(in_text).union(
            found.filter(client_group__in=groups), found.filter(person__in=persons), all=True
        )
        rows = [row["pk"] for row in matches[: MAX_LISTED_MATCHES + 1]]
        if len(rows) <= MAX_LISTED_MATCHES:
            return self.filter(pk__in=set(rows))
        # Many (สมศักดิ์ across the country: 130,000 requests): each request is tested against
        # the matching clients and subjects as the list reads it in its own order, so a page
        # stops at its rows and the count at its cap.
        return self.filter(
            Q(pk__in=found.filter(in_text)) | Q(client_group__in=groups) | Q(person__in=persons)
        )


class ServiceRequest(models.Model):
    """A person's or a group's request for a service, followed to an outcome."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("centre"),
        db_index=False,  # every (centre, …) index below serves it (docs/decisions.md)
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    client_group = models.ForeignKey(
        ClientGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("group"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("person"),
    )
    service_type = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("service type"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=MAX_TEXT, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("assigned to"),
        db_index=False,  # the (assigned_to, status, due_date) index serves it
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    due_date = models.DateField(_("due date"))
    raised_on_visit = models.ForeignKey(
        "Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_requests",
        verbose_name=_("raised on visit"),
    )
    # Outcome: what was done and what the client got from it.
    outcome = models.TextField(_("what was done"), max_length=MAX_TEXT, blank=True)
    money_obtained = models.DecimalField(
        _("money obtained (baht)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    people_trained = models.PositiveIntegerField(_("people trained"), null=True, blank=True)
    market_found = models.CharField(_("market found"), max_length=200, blank=True)
    result_note = models.TextField(_("result for the client"), max_length=MAX_TEXT, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("client satisfaction (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # Raised on every save through the actions: a form posted with an older version is stale.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-received_at"]
        # Each list's filter and order (docs/decisions.md): the newest first in a centre, by
        # status, by due date, for the whole country, and My work's assigned requests. The
        # trigram indexes of the search and the reference's prefix index are PostgreSQL's own
        # (migration 0005).
        indexes = [
            models.Index(fields=["centre", "status", "due_date"]),
            models.Index(fields=["centre", "-received_at", "-id"], name="request_centre_newest"),
            models.Index(
                fields=["centre", "status", "-received_at", "-id"], name="request_status_newest"
            ),
            models.Index(fields=["centre", "due_date", "-received_at"], name="request_centre_due"),
            models.Index(fields=["-received_at", "-id"], name="request_newest"),
            models.Index(fields=["due_date", "-received_at", "-id"], name="request_due"),
            # The whole country's open requests by due date, and one open status by due date:
            # the open ones are 5 % of the requests, and the oldest due dates belong to the
            # long-closed ones, which the national list would otherwise walk past (4.6 s).
            models.Index(
                fields=["due_date", "-received_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="request_open_due",
            ),
            models.Index(
                fields=["status", "due_date", "-received_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="request_open_status_due",
            ),
            models.Index(fields=["centre", "fiscal_year", "received_at"]),
            models.Index(fields=["assigned_to", "status", "due_date"]),
            models.Index(fields=["centre", "service_type"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(client_group__isnull=False, person__isnull=True)
                    | Q(client_group__isnull=True, person__isnull=False)
                ),
                name="servicerequest_exactly_one_client",
            ),
            models.UniqueConstraint(
                fields=["centre", "fiscal_year", "sequence"],
                name="servicerequest_unique_sequence_per_centre_and_year",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="servicerequest_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(money_obtained__isnull=True) | Q(money_obtained__gte=0),
                name="servicerequest_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("services:request-detail", kwargs={"pk": self.pk})

    @property
    def client(self) -> ClientGroup | Person:
        return self.client_group or self.person

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())

    def has_outcome(self) -> bool:
        return bool(self.outcome.strip())

    def clean(self) -> None:
        if bool(self.client_group_id) == bool(self.person_id):
            raise ValidationError(_("Choose either a group or a person, not both."))

    @staticmethod
    def compute_due_date(service_type: ServiceType, urgency: str, received: date) -> date:
        return received + timedelta(days=service_type.target_days(urgency))


class StatusChange(models.Model):
    """One move of a request through the workflow: who, when, from, to, and why."""

    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("request"),
        db_index=False,  # the timeline's (request, changed_at) index serves it
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), max_length=MAX_TEXT, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(fields=["request", "changed_at"], name="statuschange_timeline"),
            # was_reopened(): the few reopenings of 20 million changes, for the exports'
            # chunks (without it each chunk's EXISTS hashed a scan of the whole table).
            models.Index(
                fields=["request"],
                condition=Q(from_status=Status.CLOSED, to_status=Status.IN_PROGRESS),
                name="statuschange_reopened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


# How a request went, as the figures and the exports both read it (docs/counting-rules.md):
# its first resolution, the days that took, whether that was on time, whether it was reopened.


def first_resolved_at() -> Subquery:
    """An annotation: when the request was first marked resolved (None if never)."""
    return Subquery(
        StatusChange.objects.filter(request=OuterRef("pk"), to_status=Status.RESOLVED)
        .order_by("changed_at")
        .values("changed_at")[:1]
    )


def was_reopened() -> Exists:
    """An annotation: whether the head ever reopened the request after closing it."""
    return Exists(
        StatusChange.objects.filter(
            request=OuterRef("pk"), from_status=Status.CLOSED, to_status=Status.IN_PROGRESS
        )
    )


def days_to_resolve(received_on: date, resolved_on: date) -> int:
    """Whole days from the day received to the day first resolved (0 on the same day)."""
    return max((resolved_on - received_on).days, 0)


def resolved_on_time(resolved_on: date, due_date: date) -> bool:
    """On time: first resolved on or before the due date as it stands (a due date the head
    moved, with a reason on the timeline, is the date the client was promised)."""
    return resolved_on <= due_date


class RequestNote(models.Model):
    """A note on a request's timeline; a due-date change is one, with its reason, and so is a
    deleted attachment, with its file name (``old_value``)."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        DUE_DATE = "due_date", _("Due date changed")
        DETACHED = "detached", _("Attachment deleted")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="notes", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"), max_length=MAX_TEXT)
    old_value = models.CharField(_("before"), max_length=100, blank=True)
    new_value = models.CharField(_("after"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class ReferenceCounter(models.Model):
    """The last sequence number used per centre and fiscal year, locked while numbering."""

    # The unique (centre, fiscal_year) serves it.
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+", db_index=False)
    fiscal_year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")  # shown in the admin's permission picker
        verbose_name_plural = _("reference counters")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "fiscal_year"], name="referencecounter_one_per_centre_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.fiscal_year}: {self.last_value}"


class VisitKind(models.TextChoices):
    ONSITE = "onsite", _("Service session at the centre")
    OUTREACH = "outreach", _("Outreach to villages (mobile unit)")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Carried out")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge(self) -> str:
        """The Bootstrap classes of the status's badge: one colour per status."""
        return VISIT_STATUS_BADGES[self]


VISIT_STATUS_BADGES = {
    VisitStatus.PLANNED: "text-bg-info",
    VisitStatus.DONE: "text-bg-success",
    VisitStatus.CANCELLED: "text-bg-light border text-decoration-line-through",
}


class VisitQuerySet(CentreScopedQuerySet):
    def upcoming(self, today: date | None = None) -> "VisitQuerySet":
        return self.filter(
            status=VisitStatus.PLANNED, planned_date__gte=today or timezone.localdate()
        )


class Visit(models.Model):
    """A service session: at the centre, or the mobile team out in the villages."""

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("centre"),
        db_index=False,  # the (centre, …) indexes below serve it
    )
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices)
    planned_date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    is_urgent = models.BooleanField(_("urgent situation"), default=False)
    title = models.CharField(_("purpose"), max_length=200)
    villages = models.ManyToManyField(
        Village, blank=True, related_name="visits", verbose_name=_("villages visited")
    )
    groups = models.ManyToManyField(
        ClientGroup, blank=True, related_name="visits", verbose_name=_("groups met")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="visits",
        verbose_name=_("staff who went"),
    )
    attendees = models.PositiveIntegerField(_("number of attendees"), null=True, blank=True)
    what_was_done = models.TextField(_("what was done"), max_length=MAX_TEXT, blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    served_requests = models.ManyToManyField(
        ServiceRequest, blank=True, related_name="visits", verbose_name=_("requests served")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-planned_date", "-pk"]
        indexes = [
            models.Index(fields=["centre", "status", "planned_date"]),
            models.Index(fields=["centre", "-planned_date", "-id"], name="visit_centre_newest"),
            models.Index(fields=["-planned_date", "-id"], name="visit_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:visit-detail", kwargs={"pk": self.pk})

    def channel_for_request(self, chosen: str = Channel.ONSITE) -> str:
        """The channel of a request raised on this visit: an outreach trip makes it an outreach
        request; at a session at the centre it keeps the channel chosen (walk-in by default)."""
        return Channel.OUTREACH if self.kind == VisitKind.OUTREACH else chosen

    @property
    def raises_outreach_requests(self) -> bool:
        return self.channel_for_request() == Channel.OUTREACH


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name under the centre's folder: the original name is kept in the database."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{instance.centre_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A photo or document on a request or a visit; served only through a scoped view."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("request"),
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("visit"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = CentreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(request__isnull=False, visit__isnull=True)
                    | Q(request__isnull=True, visit__isnull=False)
                ),
                name="attachment_on_request_or_visit",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("services:attachment", kwargs={"pk": self.pk})

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
