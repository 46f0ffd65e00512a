from django import forms
from django.utils.translation import gettext_lazy as _

from dropship.models import DropshipRole


class IdentityForm(forms.Form):
    role = forms.ChoiceField(choices=DropshipRole.choices, widget=forms.HiddenInput)
    display_name = forms.CharField(label=_("Display name"), max_length=30)
    sender_name = forms.CharField(label=_("Sender name"), max_length=30, required=False)
    sender_phone = forms.CharField(label=_("Sender phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Sender address"), max_length=200, required=False)
