from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clients.imports.reading import FileError, Upload, read_upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (.csv), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    def clean_file(self) -> Upload:
        """The file's rows, read; a file that cannot be read at all is refused here."""
        try:
            return read_upload(self.cleaned_data["file"])
        except FileError as error:
            raise ValidationError(error.message, code="unreadable") from error
