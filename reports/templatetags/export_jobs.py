from django import template

from reports.jobs import runs_in_background

register = template.Library()


@register.simple_tag(takes_context=True)
def exports_in_background(context) -> bool:
    """Whether this list's export buttons prepare the file in the background."""
    request = context.get("request")
    return request is not None and runs_in_background(request.user)
