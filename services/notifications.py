"""E-mails about requests that are not a single action's side effect: the daily overdue digest.

(The e-mail to a new assignee, or the confirmation to one who takes a request, is sent by
services.actions.assign_request.)
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from services.models import ServiceRequest


def overdue_by_assignee(today: date) -> dict:
    """Each active assignee with an e-mail address → their overdue requests, oldest due first."""
    overdue = (
        ServiceRequest.objects.overdue(today)
        .filter(assigned_to__is_active=True)
        .exclude(assigned_to__email="")
        .with_related()
        .order_by("assigned_to_id", "due_date", "reference")
    )
    grouped: dict = defaultdict(list)
    for request in overdue:
        grouped[request.assigned_to].append(request)
    return grouped


def digest_message(assignee, requests: list[ServiceRequest], today: date) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "assignee": assignee,
            "requests": requests,
            "today": today,
            "portal_url": settings.PORTAL_URL,
        }
        subject = _("Overdue requests: %(count)d") % {"count": len(requests)}
        body = render_to_string("services/email/overdue_digest.txt", context)
    return EmailMessage(subject, body, None, [assignee.email])


def send_overdue_digests(today: date | None = None) -> int:
    """One e-mail per staff member listing their overdue requests; returns how many were sent."""
    today = today or timezone.localdate()
    messages = [
        digest_message(assignee, requests, today)
        for assignee, requests in overdue_by_assignee(today).items()
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
