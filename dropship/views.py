from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from dropship import services
from dropship.forms import IdentityForm
from dropship.models import DropshipRole
from dropship.selectors import get_identity
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin


class DropshipIndexView(ShopAreaRequiredMixin, FormView):
    """代发管理: until the shop has chosen its side, the choice between 商家版 and 代发厂家."""

    area = permissions.DROPSHIP
    template_name = "dropship/index.html"
    form_class = IdentityForm

    def get_context_data(self, **kwargs):
        identity = get_identity(shop=self.shop)
        forms_by_role = {
            DropshipRole.MERCHANT: IdentityForm(initial={"role": DropshipRole.MERCHANT}),
            DropshipRole.MANUFACTURER: IdentityForm(initial={"role": DropshipRole.MANUFACTURER}),
        }
        form = kwargs.get("form")
        if form is not None and form.is_bound and form.data.get("role") in forms_by_role:
            forms_by_role[form.data["role"]] = form
        return super().get_context_data(
            identity=identity,
            merchant_form=forms_by_role[DropshipRole.MERCHANT],
            manufacturer_form=forms_by_role[DropshipRole.MANUFACTURER],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.choose_identity(shop=self.shop, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your dropship identity is set."))
        return redirect("dropship:index")
