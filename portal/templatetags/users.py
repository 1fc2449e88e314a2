"""``{{ user|display_name }}``: a user's name as every page shows it (a template builtin)."""

from django import template

from portal.lib.users import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return _display_name(user)
