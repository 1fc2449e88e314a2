"""The form behind the "prepare in the background" buttons."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from portal.middleware import cleaned_query_string
from reports.models import ExportFormat, ExportJob

QUERY_LENGTH = ExportJob._meta.get_field("query").max_length or 2000


class ExportStartForm(forms.Form):
    """The export buttons' hidden fields: the format and the list's query string."""

    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    query = forms.CharField(
        label=_("Filters"),
        required=False,
        max_length=QUERY_LENGTH,
        error_messages={"max_length": _("These filters are too long to keep: choose fewer.")},
    )

    def clean_query(self) -> str:
        query = self.cleaned_data["query"]
        # The page number and the format belong to the page, not to the file.
        data = QueryDict(cleaned_query_string(query), mutable=True)
        for name in ("page", "format"):
            data.pop(name, None)
        return data.urlencode()
