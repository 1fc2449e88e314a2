"""The daily digest of referral follow-ups that have come due (manage.py
send_follow_up_digest): each officer gets the ones they sent or whose request is theirs, and
a centre head every one of the centre's."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centres.models import Membership, Role
from resources.models import Referral


def follow_ups_by_officer(today: date) -> dict:
    """Each active user with an e-mail address → the due follow-ups they chase."""
    due = list(Referral.objects.follow_up_due(today).with_related().order_by("follow_up_on", "pk"))
    heads: dict[int, set[int]] = defaultdict(set)
    for centre_id, user_id in Membership.objects.filter(
        role=Role.HEAD, centre_id__in={r.centre_id for r in due}
    ).values_list("centre_id", "user_id"):
        heads[centre_id].add(user_id)
    wanted: dict[int, list[Referral]] = defaultdict(list)
    for referral in due:
        chasers = {referral.request.assigned_to_id or referral.sent_by_id} | heads[
            referral.centre_id
        ]
        for user_id in chasers - {None}:
            wanted[user_id].append(referral)
    users = (
        get_user_model()
        .objects.filter(pk__in=wanted, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    return {user: wanted[user.pk] for user in users}


def digest_message(officer, referrals: list[Referral], today: date) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "officer": officer,
            "referrals": referrals,
            "today": today,
            "portal_url": settings.PORTAL_URL,
        }
        subject = _("Referral follow-ups due: %(count)d") % {"count": len(referrals)}
        body = render_to_string("resources/email/follow_up_digest.txt", context)
    return EmailMessage(subject, body, None, [officer.email])


def send_follow_up_digests(today: date | None = None) -> int:
    """One e-mail per officer with follow-ups due; returns how many were sent."""
    today = today or timezone.localdate()
    messages = [
        digest_message(officer, referrals, today)
        for officer, referrals in follow_ups_by_officer(today).items()
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
