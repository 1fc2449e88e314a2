"""Who may see and change which centre's data: the rules every app's querysets use.

Every scoped model exposes ``Model.objects.visible_to(user)`` built on :func:`centre_scope`,
and asks :func:`can_write` before a change. No view filters by centre on its own.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from centres.models import WRITE_ROLES, Centre, Membership, Role


@dataclass(frozen=True)
class Roles:
    """A user's memberships, read once per request: centre id → role, and provinces."""

    by_centre: dict[int, str] = field(default_factory=dict)
    provinces: frozenset[str] = frozenset()


def roles_of(user) -> Roles:
    """The user's roles, cached on the user object so a page reads them once."""
    cached = getattr(user, "_centre_roles", None)
    if cached is not None:
        return cached
    by_centre: dict[int, str] = {}
    provinces: set[str] = set()
    if user.is_authenticated:
        for centre_id, province_id, role in Membership.objects.filter(user=user).values_list(
            "centre_id", "province_id", "role"
        ):
            if centre_id is not None:
                by_centre[centre_id] = role
            else:
                provinces.add(province_id)
    roles = Roles(by_centre=by_centre, provinces=frozenset(provinces))
    user._centre_roles = roles
    return roles


def centre_scope(user, *, via: str = "") -> Q:
    """A filter that keeps the rows of the centres ``user`` may see.

    ``via`` is the path from the filtered model to its centre, e.g. ``"centre__"`` for a
    model with a ``centre`` foreign key, and ``""`` for ``Centre`` itself.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    memberships = Membership.objects.filter(user=user)
    centre_ids = memberships.filter(centre__isnull=False).values("centre_id")
    province_ids = memberships.filter(role=Role.PROVINCE).values("province_id")
    return Q(**{f"{via}pk__in": centre_ids}) | Q(
        **{f"{via}district__province_id__in": province_ids}
    )


def role_at(user, centre: Centre) -> str | None:
    """The user's role at ``centre``: their centre role, else ``province`` over it, else None."""
    roles = roles_of(user)
    if centre.pk in roles.by_centre:
        return roles.by_centre[centre.pk]
    if centre.district.province_id in roles.provinces:
        return Role.PROVINCE
    return None


def can_write(user, centre: Centre) -> bool:
    """Staff and the head of a centre change its data; administrators change everything."""
    return user.is_superuser or role_at(user, centre) in WRITE_ROLES


def is_head(user, centre: Centre) -> bool:
    return user.is_superuser or role_at(user, centre) == Role.HEAD


def can_see_national_ids(user, centre: Centre) -> bool:
    """Only the centre's own staff and head see citizens' ID numbers (PDPA)."""
    return role_at(user, centre) in WRITE_ROLES


def get_centre_for_user(user, code: str, *, write: bool = False) -> Centre:
    """The centre of district ``code`` if the user may see it (else 404) and, if asked, change
    it (else 403)."""
    centre = get_object_or_404(Centre.objects.visible_to(user), district_id=code)
    if write and not can_write(user, centre):
        raise PermissionDenied
    return centre


def centre_workers(centres: Centre | QuerySet) -> QuerySet:
    """The active staff and heads of one centre or of a queryset of centres: the people work can
    be given to and who go on visits."""
    where = "memberships__centre__in" if isinstance(centres, QuerySet) else "memberships__centre"
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=WRITE_ROLES, **{where: centres})
        .order_by("first_name", "last_name", "username")
        .distinct()
    )
