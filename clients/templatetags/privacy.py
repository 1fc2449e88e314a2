"""``{% national_id person %}``: a person's national ID as the current user may see it.

Staff and the head of the person's own centre see it masked with a "Show ID" button (each
reveal is logged); administrators see it masked; committee members, provincial officers and
everyone else see nothing at all, not even the masked form.
"""

from django import template

from clients.models import Person
from clients.privacy import can_reveal_national_id, shows_national_id, take_remembered_reveal
from portal.lib.thai_id import format_thai_id

register = template.Library()


@register.inclusion_tag("clients/includes/national_id_masked.html", takes_context=True)
def national_id(context: template.Context, person: Person) -> dict:
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    if user is None or not shows_national_id(user, person):
        return {"visible": False}
    can_reveal = can_reveal_national_id(user, person)
    # Without JavaScript the reveal redirects back here and shows the ID once.
    if can_reveal and take_remembered_reveal(request, person):
        return {"visible": True, "person": person, "revealed": format_thai_id(person.national_id)}
    return {"visible": True, "person": person, "can_reveal": can_reveal}
