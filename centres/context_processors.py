"""The centres a user works in, for the navbar's centre switcher, and the provinces whose
centres they compare."""

from django.http import HttpRequest

from centres.models import Centre
from centres.scoping import compared_provinces, current_centre_code, roles_of


def current_centre(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Lazy: pages that never render the navbar (the admin) run no query for it.
    def my_centres():
        ids = roles_of(user).by_centre
        return list(Centre.objects.filter(pk__in=ids).select_related("district"))

    return {
        "my_centres": my_centres,
        "my_provinces": lambda: compared_provinces(user),
        "current_centre_code": current_centre_code(request),
    }
