from django import forms
from django.utils.translation import gettext_lazy as _

from exports.models import ExportFormat


class ExportForm(forms.Form):
    """What the export button of a list posts; the service checks the kind, the columns
    against the kind's and the filters against the list's."""

    kind = forms.CharField(max_length=40)
    file_format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    columns = forms.MultipleChoiceField(label=_("Columns"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kind's own columns are checked by the service, with its message.
        submitted = self.data.getlist("columns") if hasattr(self.data, "getlist") else []
        self.fields["columns"].choices = [(column, column) for column in submitted]
