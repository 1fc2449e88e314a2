"""Personal data under the PDPA: revealing a national ID on purpose, exporting all the portal
holds on a person, and anonymising a person on request.

Views, admin actions and tests call these functions; none of them checks permissions beyond
what its docstring says, so the caller loads the person through the access helper first.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from centres.audit import record_event
from centres.models import AuditKind
from centres.scoping import can_see_national_ids, writable_centre_ids
from clients.models import GroupMembership, IdReveal, Person
from portal.lib.thai_id import format_thai_id

# Stored data, not interface text: names in the registry are Thai, and the placeholder must read
# the same in every language and every export made after the erasure.
ANONYMISED_FIRST_NAME = "ผู้ถูกลบข้อมูล"

# The session remembers which person's ID was just revealed without JavaScript, so the person's
# page shows it once after the redirect; the ID itself never goes into the session.
REVEALED_SESSION_KEY = "clients:revealed_person"

# The personal fields a historical row of a person carries (the history never holds the ID).
_HISTORY_PERSONAL_FIELDS = ("title", "first_name", "last_name", "phone", "occupation")


def shows_national_id(user, person: Person) -> bool:
    """Whether the user sees a trace of the ID at all: committee members and provincial officers
    see none, not even masked; administrators see it masked."""
    return user.is_superuser or can_see_national_ids(user, person.centre)


def can_reveal_national_id(user, person: Person) -> bool:
    """Only the staff and head of the person's own centre reveal an ID, and only one on file."""
    return bool(person.national_id) and can_see_national_ids(user, person.centre)


def reveal_national_id(*, person: Person, by) -> str:
    """Record that ``by`` looked at the person's national ID, and return it formatted."""
    IdReveal.objects.create(person=person, user=by)
    record_event(kind=AuditKind.REVEAL, user=by, centre=person.centre, what=audit_what(person))
    return format_thai_id(person.national_id)


def audit_what(person: Person) -> str:
    """How the access trail names a person: by number only, so it holds no personal data."""
    return f"person {person.pk}"


def remember_reveal(request, person: Person) -> None:
    request.session[REVEALED_SESSION_KEY] = person.pk


def take_remembered_reveal(request, person: Person) -> bool:
    """Whether the ID of ``person`` was just revealed; true once per reveal."""
    session = getattr(request, "session", None)
    if session is None or session.get(REVEALED_SESSION_KEY) != person.pk:
        return False
    del session[REVEALED_SESSION_KEY]
    return True


def person_data(person: Person) -> dict[str, Any]:
    """All the portal holds on a person, as plain data (dates and amounts stay Python values)."""
    village = person.village
    return {
        "person": {
            "id": person.pk,
            "title": person.get_title_display() if person.title else "",
            "first_name": person.first_name,
            "last_name": person.last_name,
            "national_id": format_thai_id(person.national_id) if person.national_id else None,
            "phone": person.phone,
            "birth_year_be": person.birth_year,
            "gender": person.get_gender_display(),
            "occupation": person.occupation,
            "village": {
                "code": village.code,
                "number": village.number,
                "name": village.name,
                "subdistrict": village.subdistrict.name_th,
                "district": village.subdistrict.district.name_th,
                "province": village.subdistrict.district.province.name_th,
            },
            "registering_centre": {"code": person.centre.code, "name": person.centre.name},
            "consent_on": person.consent_on,
            "consent_recorded_by": _username(person.consent_recorded_by),
            "is_anonymised": person.is_anonymised,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
        },
        "group_memberships": _memberships(person),
        "history": _person_history(person),
        "group_membership_history": _membership_history(person),
        "id_reveals": [
            {"revealed_at": reveal.revealed_at, "revealed_by": _username(reveal.user)}
            for reveal in person.id_reveals.select_related("user").order_by("revealed_at")
        ],
    }


def _username(user) -> str | None:
    return user.get_username() if user else None


def _memberships(person: Person) -> list[dict[str, Any]]:
    memberships = GroupMembership.objects.filter(person=person).select_related("group__centre")
    return [
        {
            "group_id": m.group_id,
            "group": m.group.name,
            "kind": m.group.get_kind_display(),
            "centre": m.group.centre.name,
            "role": m.get_role_display(),
            "joined_on": m.joined_on,
            "left_on": m.left_on,
        }
        for m in memberships.order_by("joined_on", "pk")
    ]


def _person_history(person: Person) -> list[dict[str, Any]]:
    records = Person.history.filter(id=person.pk).select_related("history_user")
    return [
        {
            "date": record.history_date,
            "type": record.get_history_type_display(),
            "by": _username(record.history_user),
            "reason": record.history_change_reason,
            **{name: getattr(record, name) for name in _HISTORY_PERSONAL_FIELDS},
            "birth_year_be": record.birth_year,
            "gender": record.gender,
            "village_id": record.village_id,
            "consent_on": record.consent_on,
        }
        for record in records.order_by("history_date", "history_id")
    ]


def _membership_history(person: Person) -> list[dict[str, Any]]:
    records = GroupMembership.history.filter(person_id=person.pk).select_related("history_user")
    return [
        {
            "date": record.history_date,
            "type": record.get_history_type_display(),
            "by": _username(record.history_user),
            "group_id": record.group_id,
            "role": record.role,
            "joined_on": record.joined_on,
            "left_on": record.left_on,
        }
        for record in records.order_by("history_date", "history_id")
    ]


def export_person_data(*, person: Person, by) -> dict[str, Any]:
    """The person's data for a subject access request, logged in the admin's log."""
    data = {"exported_at": timezone.now(), "exported_by": by.get_username(), **person_data(person)}
    _log(person=person, by=by, message=gettext("Exported the personal data (PDPA)."))
    record_event(
        kind=AuditKind.PERSONAL_DATA, user=by, centre=person.centre, what=audit_what(person)
    )
    return data


@transaction.atomic
def anonymise_person(*, person: Person, by) -> bool:
    """Erase what identifies a person, keeping what the aggregate figures need.

    Kept: the village, gender and birth year (the registry's counts by place, sex and age),
    the registering centre, group memberships and their roles, the consent date, and the log
    of who revealed the ID (the accountability record, now pointing at a nameless person).
    Erased, in the person and in every historical row: the national ID, title, names, phone
    and occupation; the admin log keeps no name either. Returns False if already anonymised.
    """
    if not Person.objects.select_for_update().filter(pk=person.pk, is_anonymised=False).exists():
        return False
    erased = {
        "national_id": None,
        "title": "",
        "first_name": ANONYMISED_FIRST_NAME,
        "last_name": f"#{person.pk}",
        "phone": "",
        "occupation": "",
    }
    for name, value in erased.items():
        setattr(person, name, value)
    person.is_anonymised = True
    person._history_user = by
    person._change_reason = gettext("Anonymised on request (PDPA).")
    person.save(update_fields=[*erased, "is_anonymised", "updated_at"])
    Person.history.filter(id=person.pk).update(
        **{name: erased[name] for name in _HISTORY_PERSONAL_FIELDS}
    )
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).update(object_repr=str(person))
    _log(person=person, by=by, message=gettext("Anonymised on request (PDPA)."))
    record_event(kind=AuditKind.ANONYMISE, user=by, centre=person.centre, what=audit_what(person))
    return True


def _log(*, person: Person, by, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[person], action_flag=CHANGE, change_message=message
    )


def national_id_shown_at(user) -> Callable[[int], bool]:
    """``shows_national_id`` for many rows at once: whether a person registered at the centre
    of this id shows a trace of the ID to ``user`` (staff and head of that centre, and
    administrators)."""
    if user.is_superuser:
        return lambda centre_id: True
    return set(writable_centre_ids(user)).__contains__
