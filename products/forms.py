from django import forms
from django.utils.translation import gettext_lazy as _

from common.money import MONEY
from products.models import TITLE_MAX_LENGTH, ProductStatus
from products.selectors import list_categories


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several images in one input (Django's documented pattern for multiple files)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProductFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", _("All"))] + ProductStatus.choices)
    category = forms.IntegerField(required=False)
    q = forms.CharField(required=False, max_length=60)
    low_stock = forms.BooleanField(required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class ProductForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=list_categories(),
        required=False,
        empty_label=_("No category"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    images = MultipleImageField(label=_("Images"), required=False)
    # 规格: the dimension editor's JSON ([{"name", "values"}]); empty for SKUs typed one by one.
    spec_dimensions = forms.JSONField(required=False, widget=forms.HiddenInput)


class SkuForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    spec = forms.CharField(label=_("Specification"), max_length=50)
    price = forms.DecimalField(label=_("Group price"), min_value=0, **MONEY)
    single_price = forms.DecimalField(
        label=_("Single-buy price"), min_value=0, required=False, **MONEY
    )
    stock = forms.IntegerField(label=_("Stock"), min_value=0)
    low_stock_threshold = forms.IntegerField(
        label=_("Low-stock threshold"), min_value=0, max_value=100_000, required=False
    )
    sku_code = forms.CharField(label=_("Merchant SKU code"), max_length=40, required=False)


SkuFormSet = forms.formset_factory(SkuForm, extra=0, can_delete=True, min_num=1, validate_min=True)


def sku_rows(formset) -> list[dict]:
    """The SKU rows a merchant kept, in the form the products services take."""
    return [
        {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
