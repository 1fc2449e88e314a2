"""Template tags that let services' and clients' pages show resource-linking panels without
importing this app: a request's referrals, the follow-ups due on My work, and what the centre
obtained for a client, by fiscal year."""

from dataclasses import dataclass, field
from decimal import Decimal

from django import template
from django.utils import timezone

from centres.scoping import can_write
from clients.models import ClientGroup, Person
from portal.lib.fiscal import fiscal_year
from resources.models import (
    CENTS,
    Attendance,
    Participant,
    Referral,
    ReferralStatus,
    impact_of,
)
from services.models import ServiceRequest

register = template.Library()

FOLLOW_UP_LIMIT = 20


@dataclass
class RequestReferrals:
    referrals: list[Referral]
    impact: dict
    can_refer: bool


@register.simple_tag(takes_context=True)
def request_referrals(context, service_request: ServiceRequest) -> RequestReferrals:
    """``{% request_referrals r as panel %}``: the request's referrals and their sums, in one
    query."""
    user = context["request"].user
    referrals = list(
        Referral.objects.visible_to(user)
        .filter(request=service_request)
        .select_related("resource", "offer")
        .order_by("sent_on", "pk")
    )
    return RequestReferrals(
        referrals=referrals,
        impact=impact_of(referrals),
        can_refer=service_request.is_open and can_write(user, service_request.centre),
    )


@dataclass
class FollowUps:
    referrals: list[Referral]
    count: int


@register.simple_tag(takes_context=True)
def my_follow_ups(context) -> FollowUps:
    """The referrals whose follow-up has come due for the user (the head: all the centre's)."""
    user = context["request"].user
    due = Referral.objects.visible_to(user).follow_up_due(timezone.localdate()).chased_by(user)
    # The ids first, in a plan of two tables: on most days nothing is due, and planning the
    # rows' six joined tables cost My work 2-4 ms for no row (issue 8).
    ids = list(due.order_by("follow_up_on", "pk").values_list("pk", flat=True)[:FOLLOW_UP_LIMIT])
    rows = []
    if ids:
        listed = Referral.objects.visible_to(user).filter(pk__in=ids).for_rows()
        rows = list(listed.order_by("follow_up_on", "pk"))
    count = len(ids) if len(ids) < FOLLOW_UP_LIMIT else due.count()
    return FollowUps(referrals=rows, count=count)


@dataclass
class YearImpact:
    year: int
    money: Decimal = Decimal("0.00")
    sales: Decimal = Decimal("0.00")
    trained: int = 0
    markets: list[str] = field(default_factory=list)
    events: list = field(default_factory=list)


@register.simple_tag(takes_context=True)
def client_impact(context, client: ClientGroup | Person) -> list[YearImpact]:
    """What the centre obtained for a group or a person, newest fiscal year first: money and
    sales through completed referrals, markets found, and the events attended (two queries)."""
    user = context["request"].user
    key = "client_group" if isinstance(client, ClientGroup) else "person"
    done = Referral.objects.visible_to(user).filter(
        status=ReferralStatus.COMPLETED, **{f"request__{key}": client}
    )
    years: dict[int, YearImpact] = {}
    for row in done.values(
        "completed_on", "money_obtained", "sales", "people_trained", "market_found"
    ):
        year = years.setdefault(
            fiscal_year(row["completed_on"]), YearImpact(fiscal_year(row["completed_on"]))
        )
        year.money += row["money_obtained"] or 0
        year.sales += row["sales"] or 0
        year.trained += row["people_trained"] or 0
        if row["market_found"]:
            year.markets.append(row["market_found"])
    attended = (
        Participant.objects.visible_to(user)
        .filter(
            attendance=Attendance.ATTENDED,
            **{"group" if key == "client_group" else "person": client},
        )
        .select_related("event")
        .order_by("-event__starts_on")
    )
    for participant in attended:
        event = participant.event
        years.setdefault(
            fiscal_year(event.starts_on), YearImpact(fiscal_year(event.starts_on))
        ).events.append(event)
    for year in years.values():
        year.money, year.sales = year.money.quantize(CENTS), year.sales.quantize(CENTS)
    return sorted(years.values(), key=lambda y: y.year, reverse=True)


@register.filter
def referral_badge(status: str) -> str:
    return ReferralStatus(status).badge if status in ReferralStatus.values else "text-bg-secondary"
