"""Panels of the committee on lower apps' pages (listed in tests/test_layering.py): the
request's rounds before the committee, and the committee members who went on a visit."""

from django import template

from committees.models import Round, VisitParticipant

register = template.Library()


@register.simple_tag
def request_rounds(service_request) -> list[Round]:
    """The request's rounds before the committee with their resolutions: two queries."""
    rounds = service_request.committee_rounds.order_by("number").prefetch_related("resolutions")
    return list(rounds)


@register.simple_tag
def visit_committee_members(visit) -> list[VisitParticipant]:
    return list(
        visit.committee_participants.select_related("member").order_by("member__first_name")
    )
