"""How the portal names a user: the one place that says it."""


def display_name(user) -> str:
    """The user's full name, else their login name; empty for no user."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def display_name_from(first_name: str, last_name: str, username: str | None) -> str:
    """``display_name`` from a row's columns (an export reads values, not users)."""
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")
