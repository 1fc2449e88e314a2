"""The centres a user works in, for the navbar's centre switcher, and the provinces whose
centres they compare."""

from django.http import HttpRequest
from django.urls import reverse

from centres.models import Centre
from centres.scoping import compared_provinces, current_centre_code, roles_of


def current_centre(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Lazy: pages that never render the navbar (the admin) run no query for it, and a user of
    # one centre (most of them) none either: its link needs only the code the roles hold.
    def my_centres():
        ids = roles_of(user).by_centre
        return list(Centre.objects.filter(pk__in=ids).select_related("district"))

    def my_centre_url() -> str:
        codes = list(roles_of(user).codes.values())
        return reverse("centres:centre-home", args=[codes[0]]) if len(codes) == 1 else ""

    return {
        "my_centres": my_centres,
        "my_centre_count": lambda: len(roles_of(user).by_centre),
        "my_centre_url": my_centre_url,
        "my_provinces": lambda: compared_provinces(user),
        "current_centre_code": current_centre_code(request),
    }
