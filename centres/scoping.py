"""Who may see and change which centre's data, and where a user works now and as what: the
rules every app asks.

Every scoped model exposes ``Model.objects.visible_to(user)`` built on :func:`centre_scope`,
and asks :func:`can_write` before a change. No view filters by centre on its own. The centre
a user works in now (:func:`working_centre`) is the last centre page they opened, kept in the
session under :data:`CURRENT_CENTRE_KEY`; their role there is :func:`role_at` (or
:func:`acting_role` for the workflow, where administrators act as the head).
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from centres.models import WRITE_ROLES, Centre, Membership, Role

CURRENT_CENTRE_KEY = "current_centre"


@dataclass(frozen=True)
class Roles:
    """A user's memberships, read once per request: centre id → role, and provinces."""

    by_centre: dict[int, str] = field(default_factory=dict)
    provinces: frozenset[str] = frozenset()
    codes: dict[int, str] = field(default_factory=dict)  # centre id → its district code


def roles_of(user) -> Roles:
    """The user's roles, cached on the user object so a page reads them once."""
    cached = getattr(user, "_centre_roles", None)
    if cached is not None:
        return cached
    by_centre: dict[int, str] = {}
    codes: dict[int, str] = {}
    provinces: set[str] = set()
    if user.is_authenticated:
        memberships = Membership.objects.filter(user=user).values_list(
            "centre_id", "centre__district_id", "province_id", "role"
        )
        for centre_id, code, province_id, role in memberships:
            if centre_id is not None:
                by_centre[centre_id] = role
                codes[centre_id] = code
            else:
                provinces.add(province_id)
    roles = Roles(by_centre=by_centre, provinces=frozenset(provinces), codes=codes)
    user._centre_roles = roles
    return roles


def visible_centre_ids(user) -> list[int]:
    """The ids of the centres a non-administrator may see: their own centres and those of their
    provinces, read once per request and cached on the user like :func:`roles_of`."""
    cached = getattr(user, "_visible_centre_ids", None)
    if cached is not None:
        return cached
    roles = roles_of(user)
    ids = set(roles.by_centre)
    if roles.provinces:
        ids.update(
            Centre.objects.filter(district__province_id__in=roles.provinces).values_list(
                "pk", flat=True
            )
        )
    user._visible_centre_ids = sorted(ids)
    return user._visible_centre_ids


def forget_roles(user) -> None:
    """Drop the roles and centre ids cached on ``user`` (after its memberships changed within
    the same request or test), so that the next question reads them again."""
    for cached in ("_centre_roles", "_visible_centre_ids"):
        if hasattr(user, cached):
            delattr(user, cached)


def scope_key(user) -> str:
    """What the user's view of the centres depends on, as text: administrator or not, the role
    at each centre, the provinces. Users with the same key see the same centres with the same
    rights, so what is written for one of them (a list's filter fields) serves the others."""
    if not user.is_authenticated or not user.is_active:
        return "none"
    if user.is_superuser:
        return "all"
    roles = roles_of(user)
    centres = ",".join(f"{pk}:{role}" for pk, role in sorted(roles.by_centre.items()))
    return f"{centres}|{','.join(sorted(roles.provinces))}"


def centre_scope(user, *, via: str = "") -> Q:
    """A filter that keeps the rows of the centres ``user`` may see.

    ``via`` is the path from the filtered model to its centre, e.g. ``"centre__"`` for a
    model with a ``centre`` foreign key, and ``""`` for ``Centre`` itself. The centres are
    resolved first (:func:`visible_centre_ids`), so the filter is ``centre_id IN (ids)``, which
    the tables' ``(centre, …)`` indexes serve; an ``OR`` across a join to the district would read
    whole tables at national scale (docs/decisions.md).
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    return Q(**{f"{via}pk__in": visible_centre_ids(user)})


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
    """The centre's head; administrators count as the head of every centre."""
    return user.is_superuser or role_at(user, centre) == Role.HEAD


def acting_role(user, centre: Centre) -> str | None:
    """The user's role for the workflow; administrators act as the head."""
    return Role.HEAD if user.is_superuser else role_at(user, centre)


def writable_centre_ids(user) -> list[int]:
    """The centres where the user is staff or head (administrators' memberships only)."""
    return [pk for pk, role in roles_of(user).by_centre.items() if role in WRITE_ROLES]


def headed_centre_ids(user) -> list[int]:
    """The centres the user heads by membership."""
    return [pk for pk, role in roles_of(user).by_centre.items() if role == Role.HEAD]


def sees_many_centres(user) -> bool:
    """Whether lists should name each row's centre."""
    roles = roles_of(user)
    return user.is_superuser or bool(roles.provinces) or len(roles.by_centre) > 1


def compared_provinces(user) -> list[str]:
    """The provinces whose centres the user compares side by side: those they are the
    provincial officer of (administrators see every province, by the national page)."""
    return sorted(roles_of(user).provinces)


def sees_province(user, code: str) -> bool:
    """Whether the user may see the comparison of a province's centres: its provincial
    officers and the administrators."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or code in roles_of(user).provinces


def sees_the_country(user) -> bool:
    """The national picture is the administrators' (CDD headquarters)."""
    return user.is_authenticated and user.is_active and user.is_superuser


def can_see_national_ids(user, centre: Centre) -> bool:
    """Only the centre's own staff and head see citizens' ID numbers (PDPA)."""
    return role_at(user, centre) in WRITE_ROLES


def national_id_centre_ids(user) -> list[int]:
    """The centres whose persons the user may find by a whole national ID: those where they are
    staff or head (PDPA: a committee member, a provincial officer or an administrator outside
    the admin never learns who holds an ID)."""
    return writable_centre_ids(user)


def get_centre_for_user(user, code: str, *, write: bool = False) -> Centre:
    """The centre of district ``code`` if the user may see it (else 404) and, if asked, change
    it (else 403)."""
    centre = get_object_or_404(Centre.objects.visible_to(user), district_id=code)
    if write and not can_write(user, centre):
        raise PermissionDenied
    return centre


# The centre the user works in now


def current_centre_code(request: HttpRequest) -> str | None:
    """The district code of the last centre page the user opened, if any."""
    return request.session.get(CURRENT_CENTRE_KEY)


def remember_centre(request: HttpRequest, centre: Centre) -> None:
    """Keep ``centre`` as the one the user works in now (and lands on at the next login)."""
    if request.session.get(CURRENT_CENTRE_KEY) != centre.code:
        request.session[CURRENT_CENTRE_KEY] = centre.code


def working_centre(request: HttpRequest) -> Centre:
    """The centre new work (a group, a person, a request, a visit, an import) is recorded at:
    the one the user works in now, if they may write there, else their first writable centre by
    code, the one they land on after login. 403 for users who may write nowhere."""
    user = request.user
    code = current_centre_code(request)
    if code:
        current = Centre.objects.select_related("district").filter(district_id=code).first()
        if current is not None and can_write(user, current):
            return current
    centre = Centre.objects.filter(pk__in=writable_centre_ids(user)).order_by("district").first()
    if centre is None:
        raise PermissionDenied
    return centre


def has_working_centre(request: HttpRequest) -> bool:
    """Whether the user has a centre to record new work at (to offer the "new" buttons), as
    :func:`working_centre` finds it, read from the roles the page has read already: a query
    only for an administrator who chose a centre and is a member of none."""
    user = request.user
    if writable_centre_ids(user):
        return True
    code = current_centre_code(request)
    return bool(user.is_superuser and code and Centre.objects.filter(district_id=code).exists())


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
