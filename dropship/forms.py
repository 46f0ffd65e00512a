from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dropship.models import DropshipRole
from orders.carriers import carrier_choices


class IdentityForm(forms.Form):
    role = forms.ChoiceField(choices=DropshipRole.choices, widget=forms.HiddenInput)
    display_name = forms.CharField(label=_("Display name"), max_length=30)
    sender_name = forms.CharField(label=_("Sender name"), max_length=30, required=False)
    sender_phone = forms.CharField(label=_("Sender phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Sender address"), max_length=200, required=False)


class BindForm(forms.Form):
    manufacturer_shop_no = forms.CharField(label=_("Manufacturer shop ID"), max_length=20)


class StatementForm(forms.Form):
    manufacturer_shop_no = forms.ChoiceField(label=_("Manufacturer"))
    start_date = forms.DateField(
        label=pgettext_lazy("date range", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=pgettext_lazy("date range", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, manufacturers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manufacturer_shop_no"].choices = [
            (binding.manufacturer_shop.shop_no, binding.manufacturer_shop.name)
            for binding in manufacturers
        ]


class TrackingForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=carrier_choices)
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=30)
