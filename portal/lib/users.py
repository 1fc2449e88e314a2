"""How the portal names a user: the one place that says it."""


def display_name(user) -> str:
    """The user's full name, else their login name; empty for no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
